import { raw } from 'hono/html';
import type { SearchPage } from '../../search/search.js';
import { MAX_QUERY_CHARS } from '../../search/terms.js';
import { Pager } from './cards.js';
import { formatAge } from './format.js';

/** /search: the form (the query kept in it), then results, an empty state or nothing. */
export function SearchResults({ result }: { result: SearchPage }) {
  const base = `/search?q=${encodeURIComponent(result.query)}`;
  return (
    <main class="wrap">
      <section class="panel full search-page">
        <h1 class="page-title">搜索</h1>
        <form class="search-form" action="/search" method="get" role="search">
          <input type="search" name="q" value={result.query} maxlength={MAX_QUERY_CHARS} placeholder="输入关键词" aria-label="搜索关键词" />
          <button type="submit">搜索</button>
        </form>
        {result.query === '' ? null : result.total === 0 ? (
          <p class="muted empty">
            {result.terms.length === 0 ? '请输入更具体的关键词（至少两个字的词语）。' : `没有找到与“${result.query}”相关的文章。`}
          </p>
        ) : (
          <>
            <p class="muted">找到 {result.total} 篇相关文章</p>
            <ol class="results">
              {result.items.map((hit) => (
                <li class="result">
                  {/* titleHtml and snippetHtml are escaped text plus our own <mark> tags (src/search/highlight.ts). */}
                  <a class="title" href={`/a/${hit.id}`}>
                    {raw(hit.titleHtml)}
                  </a>
                  <p class="snippet">{raw(hit.snippetHtml)}</p>
                  <p class="meta">
                    <span class="source">{hit.source_name}</span>
                    <time datetime={new Date(hit.published_at).toISOString()}>{formatAge(hit.published_at)}</time>
                  </p>
                </li>
              ))}
            </ol>
            <Pager page={result} base={base} />
          </>
        )}
      </section>
    </main>
  );
}

/** The article page's tags: its keywords, each a link to the articles sharing it. */
export function TagList({ tags }: { tags: string[] }) {
  if (tags.length === 0) return null;
  return (
    <nav class="tags" aria-label="标签">
      {tags.map((t) => (
        <a class="tag" href={`/t/${encodeURIComponent(t)}`} rel="tag">
          {t}
        </a>
      ))}
    </nav>
  );
}
