import { type Context, Hono } from 'hono';
import type { Child } from 'hono/jsx';
import type { Page } from '../../articles/articles.js';
import { RedianError } from '../../errors.js';
import type { ArticleCard } from '../../store/repos/index.js';
import { loadChrome } from '../chrome.js';
import type { WebDeps } from '../context.js';
import { feedAds } from '../feed-ads.js';
import { parseId, parsePage } from '../params.js';
import { type PageMeta, renderPage } from '../views/layout.js';
import { ListPage } from '../views/list-page.js';

const notFound = (what: string) => new RedianError('NOT_FOUND', what);

/** The public list pages: home feed, category, source, story. */
export function readerRoutes(deps: WebDeps): Hono {
  const { services } = deps;
  const app = new Hono();

  /** A list page past its end is a 404; page 1 of an empty list is not. */
  const listOrNotFound = async (filter: Parameters<typeof services.articles.list>[0], raw: string | undefined) => {
    const page = await services.articles.list(filter, parsePage(raw));
    if (page.page > page.pages) throw notFound(`page ${page.page}`);
    return page;
  };

  const renderList = async (meta: PageMeta, heading: string, page: Page<ArticleCard>, note?: string, after?: (index: number) => Child) => {
    const path = page.page > 1 ? `${meta.path}?page=${page.page}` : meta.path;
    return renderPage(await loadChrome(deps), { ...meta, path }, <ListPage heading={heading} note={note} page={page} base={meta.path} imageSrc={(url) => deps.images.src(url)} after={after} />);
  };
  /** The feed slot's ads between the items of the home and category lists. */
  const listAds = (c: Context, categoryId: number | null, base: string, page: Page<ArticleCard>) =>
    feedAds(c, deps, { categoryId, items: page.items.length, back: page.page > 1 ? `${base}?page=${page.page}` : base });

  app.get('/', async (c) => {
    const settings = await services.settings.current();
    const page = await listOrNotFound({ onePerStory: true }, c.req.query('page'));
    const after = await listAds(c, null, '/', page);
    return c.html(await renderList({ title: settings.site_name, description: settings.site_description, path: '/', tab: 'home' }, '推荐', page, undefined, after));
  });

  app.get('/c/:slug', async (c) => {
    const category = await services.articles.category(c.req.param('slug'));
    if (!category) throw notFound(`category ${c.req.param('slug')}`);
    const page = await listOrNotFound({ categoryId: category.id, onePerStory: true }, c.req.query('page'));
    const description = `${category.name}频道：最新${category.name}新闻与热点。`;
    const after = await listAds(c, category.id, `/c/${category.slug}`, page);
    return c.html(await renderList({ title: category.name, description, path: `/c/${category.slug}`, tab: category.slug }, category.name, page, undefined, after));
  });

  app.get('/s/:slug', async (c) => {
    const source = await services.articles.source(c.req.param('slug'));
    if (!source) throw notFound(`source ${c.req.param('slug')}`);
    const page = await listOrNotFound({ sourceId: source.id }, c.req.query('page'));
    const description = `来自${source.name}的文章。`;
    const note = source.is_demo ? `${page.total} 篇文章 · 示例来源` : `${page.total} 篇文章`;
    return c.html(await renderList({ title: source.name, description, path: `/s/${source.slug}` }, source.name, page, note));
  });

  app.get('/story/:id', async (c) => {
    const id = parseId(c.req.param('id'));
    if (id === undefined) throw notFound(`story ${c.req.param('id')}`);
    const { story, articles } = await services.articles.story(id);
    const sources = new Set(articles.map((a) => a.source_name)).size;
    const note = `${sources} 家媒体报道 · 首发：${articles[0]!.source_name}`;
    const page = { items: articles, page: 1, pages: 1, total: articles.length };
    return c.html(await renderList({ title: story.title, description: `${story.title}：${note}`, path: `/story/${id}` }, story.title, page, note));
  });

  return app;
}
