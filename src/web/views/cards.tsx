import type { Child } from 'hono/jsx';
import type { Page } from '../../articles/articles.js';
import type { ArticleCard } from '../../store/repos/index.js';
import { formatAge } from './format.js';

/** What `<img src>` a view renders for a stored image URL (other sites' images go through /img). */
export type ImageSrc = (url: string) => string;

/** A list item: title, source, 浏览 N, why it is recommended (if it is), and a thumbnail where there is one. */
export function CardList({ items, imageSrc, showAge = true, after }: { items: Array<ArticleCard & { reason?: string }>; imageSrc: ImageSrc; showAge?: boolean; after?: (index: number) => Child }) {
  return (
    <ul class="cards">
      {/* after(i): something (a feed ad) to show after the i-th item. */}
      {items.map((a, i) => [<Card card={a} reason={a.reason} imageSrc={imageSrc} showAge={showAge} />, after?.(i)])}
    </ul>
  );
}

/** One list item of CardList (rendered alone where lists are joined from cards kept rendered). */
export function Card({ card: a, reason, imageSrc, showAge }: { card: ArticleCard; reason?: string | undefined; imageSrc: ImageSrc; showAge: boolean }) {
  return (
    <li class="card">
      <a href={`/a/${a.id}`}>
        <span class="text">
          <span class="title">{a.title}</span>
          <span class="meta">
            <span class="source">{a.source_name}</span>
            <span class="views">浏览 {a.view_count}</span>
            {/* Why a recommended item is there (因为你读过…, 同类热门…). */}
            {reason ? <span class="reason">{reason}</span> : null}
            {showAge ? <span>{formatAge(a.published_at)}</span> : null}
          </span>
        </span>
        {a.lead_image ? <img class="thumb" src={imageSrc(a.lead_image)} alt="" loading="lazy" width="112" height="74" /> : null}
      </a>
    </li>
  );
}

/** Page links; `base` is the list's path (with its query, if any), page N is `base?page=N`. */
export function Pager({ page, base }: { page: Page<unknown>; base: string }) {
  if (page.pages <= 1) return null;
  const href = (n: number) => (n === 1 ? base : `${base}${base.includes('?') ? '&' : '?'}page=${n}`);
  const first = Math.max(1, Math.min(page.page - 2, page.pages - 4));
  const numbers = Array.from({ length: Math.min(5, page.pages) }, (_, i) => first + i);
  return (
    <nav class="pager" aria-label="分页">
      {page.page > 1 ? (
        <a href={href(page.page - 1)} rel="prev">
          上一页
        </a>
      ) : null}
      {numbers.map((n) =>
        n === page.page ? <span aria-current="page">{n}</span> : <a href={href(n)}>{n}</a>,
      )}
      {page.page < page.pages ? (
        <a href={href(page.page + 1)} rel="next">
          下一页
        </a>
      ) : null}
    </nav>
  );
}
