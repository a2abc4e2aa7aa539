import type { IncomingMessage } from 'node:http';
import { Hono, type Context } from 'hono';
import { RedianError } from '../../errors.js';
import { loadChrome } from '../chrome.js';
import type { WebDeps } from '../context.js';
import { parsePage } from '../params.js';
import { RateLimiter } from '../rate-limit.js';
import { renderPage } from '../views/layout.js';
import { ListPage } from '../views/list-page.js';
import { ErrorPage } from '../views/messages.js';
import { SearchResults } from '../views/search.js';

/** Searches one address may make at once, and how many more per second after that. */
const SEARCH_BURST = 20;
const SEARCH_PER_SECOND = 1;
/** Keywords are jieba words: a longer "tag" is not one of ours. */
const MAX_TAG_CHARS = 64;

/** GET /search?q=&page= and GET /t/:tag. */
export function searchRoutes(deps: WebDeps): Hono {
  const { services } = deps;
  const limiter = new RateLimiter(SEARCH_BURST, SEARCH_PER_SECOND);
  const app = new Hono();

  app.get('/search', async (c) => {
    const client = clientAddress(c);
    const chrome = await loadChrome(deps);
    if (!limiter.take(client)) {
      c.header('Retry-After', String(Math.max(1, limiter.retryAfter(client))));
      const meta = { title: '搜索太频繁', description: '请稍后再试。', path: '/search', noindex: true };
      return c.html(renderPage(chrome, meta, <ErrorPage code={429} title="搜索太频繁" message="请稍等几秒再搜索。" />), 429);
    }
    const result = await services.search.search({ q: c.req.query('q') ?? '', page: parsePage(c.req.query('page')) });
    const meta = {
      title: result.query ? `${result.query} - 搜索` : '搜索',
      description: result.query ? `与“${result.query}”相关的文章。` : '搜索本站文章。',
      path: result.query ? `/search?q=${encodeURIComponent(result.query)}` : '/search',
      // Result pages are endless and thin: not for search engines' indexes.
      noindex: true,
    };
    return c.html(renderPage(chrome, meta, <SearchResults result={result} />));
  });

  app.get('/t/:tag', async (c) => {
    const tag = c.req.param('tag').trim();
    if (!tag || tag.length > MAX_TAG_CHARS) throw new RedianError('NOT_FOUND', 'tag');
    const page = await services.search.tagged(tag, parsePage(c.req.query('page')));
    // No article carries it (any more), or past the last page.
    if (page.total === 0 || page.page > page.pages) throw new RedianError('NOT_FOUND', `tag page ${page.page}`);
    const base = `/t/${encodeURIComponent(tag)}`;
    const meta = {
      title: `${tag} - 标签`,
      description: `标签“${tag}”下的文章。`,
      path: page.page > 1 ? `${base}?page=${page.page}` : base,
    };
    const view = <ListPage heading={`#${tag}`} note={`${page.total} 篇文章`} page={page} base={base} imageSrc={(url) => deps.images.src(url)} />;
    return c.html(renderPage(await loadChrome(deps), meta, view));
  });

  return app;
}

/**
 * The client's address for rate limiting: the connection's peer; behind a reverse proxy
 * on the same machine (a loopback peer), the address the proxy says it forwarded
 * (X-Real-IP, else the last X-Forwarded-For hop), since otherwise every reader would
 * share the proxy's one bucket. Other peers cannot claim an address.
 */
function clientAddress(c: Context): string {
  const peer = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket?.remoteAddress ?? 'unknown';
  if (!/^(127\.|::1$|::ffff:127\.)/.test(peer)) return peer;
  const forwarded = c.req.header('x-real-ip') ?? c.req.header('x-forwarded-for')?.split(',').at(-1);
  return forwarded?.trim() || peer;
}
