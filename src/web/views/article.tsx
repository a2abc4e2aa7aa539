import type { Child } from 'hono/jsx';
import type { ReadableArticle } from '../../articles/articles.js';
import type { AdSlotKey } from '../../ads/ads.js';
import type { ArticleCard } from '../../store/repos/index.js';
import type { Ad } from '../../store/schema.js';
import { CardList, type ImageSrc } from './cards.js';
import { formatDateTime } from './format.js';

export interface ArticleView {
  article: ReadableArticle;
  disclaimer: string;
  guessYouLike: ArticleCard[];
  editorsPicks: ArticleCard[];
  /** Per-request parts, filled in after rendering: the ad slot and the read count. */
  adSlot: Child;
  views: Child;
  imageSrc: ImageSrc;
}

export function ArticlePage({ view }: { view: ArticleView }) {
  const { article } = view;
  return (
    <main class="wrap">
      {view.adSlot}
      <article class="panel article">
        <h1>{article.title}</h1>
        <div class="byline">
          <a class="source" href={`/s/${article.source_slug}`}>
            {article.source_name}
          </a>
          <span class="reads">{view.views}人阅读</span>
          <time datetime={new Date(article.published_at).toISOString()}>{formatDateTime(article.published_at)}</time>
          {article.category ? (
            <a class="tag" href={`/c/${article.category.slug}`}>
              {article.category.name}
            </a>
          ) : null}
          {article.is_demo ? (
            <span class="tag" title="示例内容：由 Redian 随附，可用 redian demo remove 删除">
              示例
            </span>
          ) : null}
        </div>
        {article.coverage.length > 1 ? <Coverage article={article} /> : null}
        {/* content_html went through the sanitizer before it was stored. */}
        <div class="article-body" dangerouslySetInnerHTML={{ __html: article.content_html }} />
        <aside class="attribution" aria-label="版权与出处">
          <dl>
            <dt>来源</dt>
            <dd>{article.source_name}</dd>
            {article.author ? (
              <>
                <dt>作者</dt>
                <dd>{article.author}</dd>
              </>
            ) : null}
            <dt>原文</dt>
            <dd>
              <a href={article.url} rel="noopener noreferrer nofollow" target="_blank">
                {article.url}
              </a>
            </dd>
          </dl>
          {view.disclaimer ? <p class="disclaimer">{view.disclaimer}</p> : null}
        </aside>
      </article>
      <div class="side">
        <ListSection id="guess" title="猜你喜欢" items={view.guessYouLike} imageSrc={view.imageSrc} />
        <ListSection id="picks" title="精彩推荐" items={view.editorsPicks} imageSrc={view.imageSrc} />
      </div>
    </main>
  );
}

/** "N 家媒体报道": the same text from several media, the first of them credited. */
function Coverage({ article }: { article: ReadableArticle }) {
  const sources = [...new Set(article.coverage.map((a) => a.source_name))];
  const original = article.coverage[0]!;
  return (
    <p class="coverage">
      <a href={`/story/${article.story_id}`}>{sources.length} 家媒体报道</a>
      {original.id === article.id ? (
        '，本文为首发'
      ) : (
        <>
          ，首发：<a href={`/a/${original.id}`}>{original.source_name}</a>
        </>
      )}
      <span class="muted">（{sources.join('、')}）</span>
    </p>
  );
}

function ListSection({ id, title, items, imageSrc }: { id: string; title: string; items: ArticleCard[]; imageSrc: ImageSrc }) {
  return (
    <section class="panel" aria-labelledby={id}>
      <h2 class="section-title" id={id}>
        {title}
      </h2>
      <CardList items={items} imageSrc={imageSrc} showAge={false} />
    </section>
  );
}

/** 关闭广告 is a real link: without JavaScript it sets the cookie and comes back here. */
export function AdSlot({ slot, ad, back }: { slot: AdSlotKey; ad: Ad; back: string }) {
  const close = `/ad/close?slot=${slot}&next=${encodeURIComponent(back)}`;
  return (
    <aside class="ad full" data-ad-slot={slot} aria-label="广告">
      <a class="ad-body" href={ad.link_url} rel="sponsored noopener" target="_blank">
        {ad.image_url ? <img src={ad.image_url} alt={ad.title} width="640" height="120" /> : null}
        <span class="ad-text">
          <strong>
            <span class="ad-label">广告</span>
            {ad.title}
          </strong>
          {ad.body_text}
        </span>
      </a>
      <a class="ad-close" href={close} data-ad-close rel="nofollow">
        关闭广告
      </a>
    </aside>
  );
}
