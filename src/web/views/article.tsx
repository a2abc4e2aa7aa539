import type { Child } from 'hono/jsx';
import type { ReadableArticle } from '../../articles/articles.js';
import type { ArticleCard } from '../../store/repos/index.js';
import { Card, CardList, type ImageSrc } from './cards.js';
import { formatDateTime } from './format.js';
import { TagList } from './search.js';

export interface ArticleView {
  article: ReadableArticle;
  disclaimer: string;
  /** The article's keywords, shown as tags linking to /t/<tag>. */
  tags: string[];
  /** 猜你喜欢 depends on the reader: a per-request part, filled in after rendering (see guessListParts). */
  guessYouLike: Child;
  editorsPicks: ArticleCard[];
  /** 相关阅读: similar articles of other stories, under the article. */
  related: ArticleCard[];
  /** Per-request parts, filled in after rendering: the ad slots and the read count. */
  adSlot: Child;
  /** Under the article, and atop the side column (wide screens only). */
  adBottom: Child;
  adSide: Child;
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
        <TagList tags={view.tags} />
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
      {view.related.length > 0 ? <ListSection id="related" title="相关阅读" items={view.related} imageSrc={view.imageSrc} /> : null}
      {view.adBottom}
      <div class="side">
        {view.adSide}
        <section class="panel" aria-labelledby="guess">
          <h2 class="section-title" id="guess">
            猜你喜欢
          </h2>
          {view.guessYouLike}
        </section>
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

/**
 * The 猜你喜欢 list as CardList renders it, in parts: the list's opening and closing tags,
 * and one item with its reason. A list is personal, its items are not: the article route
 * keeps items rendered and joins them per reader.
 */
export function guessListParts(imageSrc: ImageSrc): { open: string; close: string; item: (card: ArticleCard, reason: string) => string } {
  const empty = String(<CardList items={[]} imageSrc={imageSrc} showAge={false} />);
  const at = empty.lastIndexOf('</');
  return {
    open: empty.slice(0, at),
    close: empty.slice(at),
    item: (card, reason) => String(<Card card={card} reason={reason} imageSrc={imageSrc} showAge={false} />),
  };
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
