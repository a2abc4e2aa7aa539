import { type Context, Hono } from 'hono';
import { RedianError } from '../../../errors.js';
import type { WebDeps } from '../../context.js';
import { DocumentCache } from '../document-cache.js';
import { newsUrlset, sitemapIndex, urlset } from './xml.js';

// Short, so an article taken down leaves crawlers' view soon; the ETag saves the bytes.
const CACHE_CONTROL = 'public, max-age=60';
// New articles reach the sitemaps within this; withdrawn ones leave at once (see DocumentCache).
const SITEMAP_TTL_MS = 60_000;
const ARTICLE_SITEMAP = /^articles-([1-9]\d{0,6})\.xml$/;

/**
 * Paths robots should not crawl: the console, per-reader pages and actions (reading history,
 * ad clicks), machine endpoints, other sites' images (ours only to show, not to index), and
 * search results (endless, and thin).
 */
const DISALLOW = ['/admin', '/me/', '/ad/', '/api/', '/img/', '/search'];

/**
 * /sitemap.xml is an index: the listing pages (/sitemaps/pages.xml: home, 热榜, categories
 * and their 热榜, sources), the Google News
 * sitemap of the last 48 hours (/sitemaps/news.xml) and the article sitemaps
 * (/sitemaps/articles-N.xml), each holding the published articles of one id range, so an
 * article stays in the same file for good. Only ranges with a published article are listed:
 * the protocol forbids an empty sitemap.
 */
export function sitemapRoutes(deps: WebDeps): Hono {
  const { services, siteUrl } = deps;
  const app = new Hono();
  // An article sitemap of 50,000 URLs is a few MB: keep a few dozen at most.
  const cache = new DocumentCache(services.bus, SITEMAP_TTL_MS, 50);
  const xml = (c: Context, key: string, build: () => Promise<string | undefined>) =>
    cache.serve(c, key, { contentType: 'application/xml; charset=utf-8', cacheControl: CACHE_CONTROL }, async () => {
      const body = await build();
      if (body === undefined) throw new RedianError('NOT_FOUND', `sitemap ${key}`);
      return { body };
    });

  app.get('/robots.txt', (c) => {
    const lines = ['User-agent: *', ...DISALLOW.map((p) => `Disallow: ${p}`), '', `Sitemap: ${siteUrl}/sitemap.xml`, ''];
    c.header('Cache-Control', 'public, max-age=3600');
    return c.text(lines.join('\n'));
  });

  app.get('/sitemap.xml', (c) =>
    xml(c, 'index', async () => {
      const [buckets, news, pages] = await Promise.all([
        services.syndication.sitemapBuckets(),
        services.syndication.newsArticles(),
        services.syndication.listingPages(),
      ]);
      const pagesLastmod = Math.max(0, ...pages.categories.map((p) => p.lastmod), ...pages.sources.map((p) => p.lastmod));
      return sitemapIndex([
        { loc: `${siteUrl}/sitemaps/pages.xml`, ...(pagesLastmod ? { lastmod: pagesLastmod } : {}) },
        ...(news.length ? [{ loc: `${siteUrl}/sitemaps/news.xml`, lastmod: news[0]!.published_at }] : []),
        ...buckets.map((b) => ({ loc: `${siteUrl}/sitemaps/articles-${b.bucket + 1}.xml`, lastmod: b.lastmod })),
      ]);
    }),
  );

  app.get('/sitemaps/pages.xml', (c) =>
    xml(c, 'pages', async () => {
      const { categories, sources } = await services.syndication.listingPages();
      const newest = Math.max(0, ...categories.map((p) => p.lastmod), ...sources.map((p) => p.lastmod));
      return urlset([
        { loc: `${siteUrl}/`, ...(newest ? { lastmod: newest } : {}) },
        { loc: `${siteUrl}/hot` },
        ...categories.map((p) => ({ loc: `${siteUrl}/c/${encodeURIComponent(p.slug)}`, lastmod: p.lastmod })),
        ...categories.map((p) => ({ loc: `${siteUrl}/hot/${encodeURIComponent(p.slug)}` })),
        ...sources.map((p) => ({ loc: `${siteUrl}/s/${encodeURIComponent(p.slug)}`, lastmod: p.lastmod })),
      ]);
    }),
  );

  app.get('/sitemaps/news.xml', (c) =>
    xml(c, 'news', async () => {
      const [settings, articles] = await Promise.all([services.settings.current(), services.syndication.newsArticles()]);
      const entries = articles.map((a) => ({ loc: `${siteUrl}/a/${a.id}`, title: a.title, published: a.published_at }));
      return newsUrlset({ name: settings.site_name, language: 'zh-cn' }, entries);
    }),
  );

  app.get('/sitemaps/:file', (c) => {
    const match = ARTICLE_SITEMAP.exec(c.req.param('file'));
    if (!match) throw new RedianError('NOT_FOUND', `sitemap ${c.req.param('file')}`);
    return xml(c, `articles-${match[1]}`, async () => {
      const articles = await services.syndication.sitemapArticles(Number(match[1]));
      // The protocol forbids an empty sitemap: none is better.
      if (articles.length === 0) return undefined;
      return urlset(articles.map((a) => ({ loc: `${siteUrl}/a/${a.id}`, lastmod: Math.max(a.published_at, a.created_at) })));
    });
  });

  return app;
}
