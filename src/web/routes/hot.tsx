import { Hono } from 'hono';
import type { Context } from 'hono';
import { RedianError } from '../../errors.js';
import type { Category } from '../../store/schema.js';
import { loadChrome } from '../chrome.js';
import type { WebDeps } from '../context.js';
import { HotPage } from '../views/hot.js';
import { type PageMeta, renderPage } from '../views/layout.js';

/** Stories on a hot list. */
export const HOT_LIST_SIZE = 50;
const TRENDING_SHOWN = 20;

/** /hot (site-wide) and /hot/:category: hot stories and trending terms, from memory. */
export function hotRoutes(deps: WebDeps): Hono {
  const { services } = deps;
  const app = new Hono();

  const page = async (c: Context, category: Category | undefined) => {
    const [chrome, entries, trending] = await Promise.all([
      loadChrome(deps),
      services.rank.hot(HOT_LIST_SIZE, category?.id),
      services.rank.trending(TRENDING_SHOWN),
    ]);
    const meta: PageMeta = category
      ? { title: `${category.name}热榜`, description: `${category.name}热榜：此刻读者最关注的${category.name}新闻。`, path: `/hot/${category.slug}`, tab: 'hot' }
      : { title: '热榜', description: '热榜：此刻读者最关注的新闻与热词。', path: '/hot', tab: 'hot' };
    const view = { category, categories: chrome.categories, entries, trending, imageSrc: (url: string) => deps.images.src(url) };
    return c.html(renderPage(chrome, meta, <HotPage view={view} />));
  };

  app.get('/hot', (c) => page(c, undefined));
  app.get('/hot/:slug', async (c) => {
    const category = await services.articles.category(c.req.param('slug'));
    if (!category) throw new RedianError('NOT_FOUND', `category ${c.req.param('slug')}`);
    return page(c, category);
  });
  return app;
}
