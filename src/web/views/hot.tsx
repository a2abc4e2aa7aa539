import type { HotEntry } from '../../rank/rank.js';
import type { TrendingTerm } from '../../rank/trending.js';
import type { Category } from '../../store/schema.js';
import type { ImageSrc } from './cards.js';

/** 热度 as readers expect it: a whole number, 万 past ten thousand. */
export function formatHeat(score: number): string {
  const n = Math.round(score * 100);
  return n >= 10_000 ? `${(n / 10_000).toFixed(1)}万` : String(n);
}

export interface HotView {
  /** The category shown, or undefined for the whole site. */
  category: Category | undefined;
  categories: Category[];
  entries: HotEntry[];
  trending: TrendingTerm[];
  imageSrc: ImageSrc;
}

/** /hot and /hot/:category: the hottest stories with rank, 热度 and media count; the trending terms. */
export function HotPage({ view }: { view: HotView }) {
  const heading = view.category ? `${view.category.name}热榜` : '热榜';
  return (
    <main class="wrap">
      <section class="panel full hot">
        <h1 class="page-title">{heading}</h1>
        <nav class="hot-tabs" aria-label="热榜分类">
          <a href="/hot" aria-current={view.category ? undefined : 'page'}>
            全站
          </a>
          {view.categories.map((c) => (
            <a href={`/hot/${c.slug}`} aria-current={view.category?.id === c.id ? 'page' : undefined}>
              {c.name}
            </a>
          ))}
        </nav>
        {view.entries.length > 0 ? (
          <ol class="hot-list">
            {view.entries.map((e) => (
              <li class="hot-item">
                <span class={e.rank <= 3 ? 'hot-rank top' : 'hot-rank'}>{e.rank}</span>
                <a href={`/a/${e.card.id}`}>
                  <span class="title">{e.card.title}</span>
                  <span class="meta">
                    <span class="heat">热度 {formatHeat(e.story.score)}</span>
                    {e.story.media > 1 ? (
                      <span>{e.story.media} 家媒体报道</span>
                    ) : null}
                    <span class="source">{e.card.source_name}</span>
                  </span>
                </a>
              </li>
            ))}
          </ol>
        ) : (
          <p class="muted">暂时还没有热门文章。</p>
        )}
      </section>
      <section class="panel" aria-labelledby="trending">
        <h2 class="section-title" id="trending">
          热词
        </h2>
        {view.trending.length > 0 ? (
          <ul class="trending">
            {view.trending.map((t) => (
              <li>
                <a href={`/search?q=${encodeURIComponent(t.term)}`}>{t.term}</a>
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">最近几小时没有明显升温的词。</p>
        )}
      </section>
    </main>
  );
}
