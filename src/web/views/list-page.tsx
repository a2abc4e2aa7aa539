import type { Child } from 'hono/jsx';
import type { Page } from '../../articles/articles.js';
import type { ArticleCard } from '../../store/repos/index.js';
import { CardList, type ImageSrc, Pager } from './cards.js';

/** Home, category and source pages: a heading and a paginated list. */
export function ListPage({ heading, note, page, base, imageSrc, after }: { heading: string; note?: string; page: Page<ArticleCard>; base: string; imageSrc: ImageSrc; after?: (index: number) => Child }) {
  return (
    <main class="wrap">
      <section class="panel full">
        <h1 class="page-title">{heading}</h1>
        {note ? <p class="muted">{note}</p> : null}
        {page.items.length > 0 ? <CardList items={page.items} imageSrc={imageSrc} after={after} /> : <p class="muted">暂时还没有文章。</p>}
        <Pager page={page} base={base} />
      </section>
    </main>
  );
}
