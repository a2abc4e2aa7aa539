import { type Context, Hono } from 'hono';
import { cors } from 'hono/cors';
import { etag } from 'hono/etag';
import { PAGE_SIZE, type Page } from '../../../articles/articles.js';
import { type ErrorCode, RedianError } from '../../../errors.js';
import type { ArticleCard } from '../../../store/repos/index.js';
import type { WebDeps } from '../../context.js';
import { parseId } from '../../params.js';
import { openApiDocument } from './openapi.js';
import { type ShapeContext, articleItem, categoryItem } from './shapes.js';

export const API_BASE = '/api/v1';
const CACHE_CONTROL = 'public, max-age=30';
export const HOT_LIMIT = 20;
const MAX_QUERY_LENGTH = 200;

/** The JSON body of every error: a stable code from the catalogue and a message. */
export interface ApiError {
  error: { code: ErrorCode | 'INTERNAL'; message: string };
}

/**
 * The read-only JSON API: articles, stories, categories, hot and search, plus its OpenAPI
 * document. Any origin may read it (GET only, no credentials); errors are JSON with the
 * catalogue's codes; responses carry an ETag and a short max-age.
 */
export function apiRoutes(deps: WebDeps): Hono {
  const { services, siteUrl } = deps;
  const app = new Hono().basePath(API_BASE);
  app.use(cors({ origin: '*', allowMethods: ['GET', 'HEAD', 'OPTIONS'], maxAge: 86400 }));
  app.use(etag());
  app.use(async (c, next) => {
    await next();
    if (c.res.status < 400) c.header('Cache-Control', CACHE_CONTROL);
    else c.header('Cache-Control', 'no-store');
  });

  const shapeContext = async (): Promise<ShapeContext> => ({
    siteUrl,
    categories: new Map((await services.articles.categories()).map((c) => [c.id, c])),
    imageSrc: (url) => deps.images.src(url),
  });
  const paged = async (page: Page<ArticleCard>) => {
    const ctx = await shapeContext();
    return { items: page.items.map((card) => articleItem(card, ctx)), page: page.page, per_page: PAGE_SIZE, pages: page.pages, total: page.total };
  };

  app.get('/openapi.json', (c) => c.json(openApiDocument(siteUrl)));

  app.get('/articles', async (c) => {
    const filter: { categoryId?: number; sourceId?: number } = {};
    const categorySlug = c.req.query('category');
    if (categorySlug !== undefined) {
      const category = await services.articles.category(categorySlug);
      if (!category) throw new RedianError('CATEGORY_UNKNOWN', categorySlug);
      filter.categoryId = category.id;
    }
    const sourceSlug = c.req.query('source');
    if (sourceSlug !== undefined) {
      const source = await services.articles.source(sourceSlug);
      if (!source) throw new RedianError('SOURCE_UNKNOWN', sourceSlug);
      filter.sourceId = source.id;
    }
    return c.json(await paged(await services.articles.list(filter, pageParam(c))));
  });

  app.get('/articles/:id', async (c) => {
    const id = parseId(c.req.param('id'));
    if (id === undefined) throw new RedianError('NOT_FOUND', `article ${c.req.param('id')}`);
    const article = await services.articles.forReading(id);
    const item = articleItem(article, await shapeContext());
    return c.json({
      ...item,
      author: article.author,
      original_url: article.url,
      // Only the summary: the body is reprinted on our page with attribution, not handed on.
      coverage: article.coverage.length,
    });
  });

  app.get('/stories/:id', async (c) => {
    const id = parseId(c.req.param('id'));
    if (id === undefined) throw new RedianError('NOT_FOUND', `story ${c.req.param('id')}`);
    const { story, articles } = await services.articles.story(id);
    const ctx = await shapeContext();
    return c.json({
      id: story.id,
      title: story.title,
      url: `${siteUrl}/story/${story.id}`,
      article_count: articles.length,
      media: new Set(articles.map((a) => a.source_slug)).size,
      articles: articles.map((a) => articleItem(a, ctx)),
    });
  });

  app.get('/categories', async (c) => {
    const categories = await services.articles.categories();
    return c.json({ items: categories.map((category) => categoryItem(category, siteUrl)) });
  });

  app.get('/hot', async (c) => {
    let categoryId: number | undefined;
    const categorySlug = c.req.query('category');
    if (categorySlug !== undefined) {
      const category = await services.articles.category(categorySlug);
      if (!category) throw new RedianError('CATEGORY_UNKNOWN', categorySlug);
      categoryId = category.id;
    }
    const [entries, ctx] = await Promise.all([services.rank.hot(HOT_LIMIT, categoryId), shapeContext()]);
    return c.json({
      items: entries.map((e) => ({ rank: e.rank, score: e.story.score, media: e.story.media, article: articleItem(e.card, ctx) })),
    });
  });

  app.get('/search', async (c) => {
    const q = c.req.query('q')?.trim() ?? '';
    if (!q) throw new RedianError('API_BAD_REQUEST', 'q is required');
    if (q.length > MAX_QUERY_LENGTH) throw new RedianError('API_BAD_REQUEST', `q is longer than ${MAX_QUERY_LENGTH} characters`);
    const result = await services.search.search({ q, page: pageParam(c) });
    const ctx = await shapeContext();
    return c.json({
      query: result.query,
      items: result.items.map((hit) => ({ ...articleItem(hit, ctx), snippet_html: hit.snippetHtml })),
      page: result.page,
      per_page: PAGE_SIZE,
      pages: result.pages,
      total: result.total,
    });
  });

  app.all('*', () => {
    throw new RedianError('NOT_FOUND', 'no such API endpoint');
  });

  app.onError((err, c) => {
    if (err instanceof RedianError && err.status < 500) return c.json(apiError(err.code, err.message), err.status as 400);
    deps.logger.error({ err, path: c.req.path }, 'API request failed');
    const status = err instanceof RedianError && err.status === 503 ? 503 : 500;
    return c.json(apiError('INTERNAL', 'internal error'), status);
  });
  return app;
}

function apiError(code: ApiError['error']['code'], message: string): ApiError {
  return { error: { code, message } };
}

/** `?page=`: absent means 1; anything but a whole number from 1 is an error (an API should say so, not guess). */
function pageParam(c: Context): number {
  const raw = c.req.query('page');
  if (raw === undefined) return 1;
  if (!/^[1-9]\d{0,5}$/.test(raw)) throw new RedianError('API_BAD_REQUEST', 'page must be a whole number from 1');
  return Number(raw);
}

