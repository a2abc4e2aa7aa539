import { type Context, Hono } from 'hono';
import { RedianError } from '../../../errors.js';
import type { FeedScope } from '../../../syndication/syndication.js';
import type { WebDeps } from '../../context.js';
import { DocumentCache } from '../document-cache.js';
import { buildFeed, FEED_FILES, type FeedChannel, type FeedFormat } from './build.js';

// Short: a hidden or taken-down article should not linger in readers' or proxies' caches.
export const FEED_CACHE_CONTROL = 'public, max-age=60';
// New articles reach the feeds within this; withdrawn ones leave at once (see DocumentCache).
const FEED_TTL_MS = 30_000;

/**
 * RSS 2.0, Atom and JSON Feed of the latest published articles: for the site (/feed.xml,
 * /atom.xml, /feed.json), each category (/c/:slug/feed.xml …) and each source (/s/:slug/…).
 */
export function feedRoutes(deps: WebDeps): Hono {
  const { services } = deps;
  const app = new Hono();
  // Three formats for the site, each category and each source.
  const cache = new DocumentCache(services.bus, FEED_TTL_MS, 3000);

  const serve = (c: Context, format: FeedFormat, scope: FeedScope, base: string, title: (siteName: string) => string, description: string) =>
    cache.serve(c, `${base}/${format}`, { contentType: `${FEED_FILES[format].type}; charset=utf-8`, cacheControl: FEED_CACHE_CONTROL }, async () => {
      const settings = await services.settings.current();
      const channel: FeedChannel = {
        title: title(settings.site_name),
        description: description || settings.site_description || settings.site_name,
        siteName: settings.site_name,
        siteUrl: deps.siteUrl,
        pagePath: base || '/',
        selfPath: `${base}/${FEED_FILES[format].file}`,
      };
      const articles = await services.syndication.feedItems(scope);
      const newest = articles.reduce((t, a) => Math.max(t, a.published_at, a.created_at), 0);
      return { body: buildFeed(format, channel, articles), lastModified: newest || undefined };
    });

  for (const format of Object.keys(FEED_FILES) as FeedFormat[]) {
    const file = FEED_FILES[format].file;

    app.get(`/${file}`, (c) => serve(c, format, { kind: 'site' }, '', (site) => site, ''));

    app.get(`/c/:slug/${file}`, async (c) => {
      const category = await services.articles.category(c.req.param('slug'));
      if (!category) throw new RedianError('NOT_FOUND', `category ${c.req.param('slug')}`);
      const description = `${category.name}频道：最新${category.name}新闻与热点。`;
      return serve(c, format, { kind: 'category', category }, `/c/${category.slug}`, (site) => `${category.name} - ${site}`, description);
    });

    app.get(`/s/:slug/${file}`, async (c) => {
      const source = await services.articles.source(c.req.param('slug'));
      if (!source) throw new RedianError('NOT_FOUND', `source ${c.req.param('slug')}`);
      return serve(c, format, { kind: 'source', source }, `/s/${source.slug}`, (site) => `${source.name} - ${site}`, `来自${source.name}的文章。`);
    });
  }
  return app;
}
