import { getCookie } from 'hono/cookie';
import { Hono } from 'hono';
import { adClosedCookie } from '../../ads/ads.js';
import type { Page } from '../../articles/articles.js';
import { RedianError } from '../../errors.js';
import type { ArticleCard } from '../../store/repos/index.js';
import { loadChrome } from '../chrome.js';
import type { WebDeps } from '../context.js';
import { parseId, parsePage } from '../params.js';
import { ArticlePage, type ArticleView } from '../views/article.js';
import { absoluteUrl, type PageMeta, renderPage } from '../views/layout.js';
import { ListPage } from '../views/list-page.js';
import { TakedownPage } from '../views/messages.js';

const notFound = (what: string) => new RedianError('NOT_FOUND', what);

/** The public reading pages: home feed, category, source, article, takedown contact. */
export function readerRoutes(deps: WebDeps): Hono {
  const { services } = deps;
  const app = new Hono();

  /** A list page past its end is a 404; page 1 of an empty list is not. */
  const listOrNotFound = async (filter: Parameters<typeof services.articles.list>[0], raw: string | undefined) => {
    const page = await services.articles.list(filter, parsePage(raw));
    if (page.page > page.pages) throw notFound(`page ${page.page}`);
    return page;
  };

  const renderList = async (meta: PageMeta, heading: string, page: Page<ArticleCard>, note?: string) => {
    const path = page.page > 1 ? `${meta.path}?page=${page.page}` : meta.path;
    return renderPage(await loadChrome(deps), { ...meta, path }, <ListPage heading={heading} note={note} page={page} base={meta.path} />);
  };

  app.get('/', async (c) => {
    const settings = await services.settings.current();
    const page = await listOrNotFound({}, c.req.query('page'));
    return c.html(await renderList({ title: settings.site_name, description: settings.site_description, path: '/', tab: 'home' }, '推荐', page));
  });

  app.get('/c/:slug', async (c) => {
    const category = await services.articles.category(c.req.param('slug'));
    if (!category) throw notFound(`category ${c.req.param('slug')}`);
    const page = await listOrNotFound({ categoryId: category.id }, c.req.query('page'));
    const description = `${category.name}频道：最新${category.name}新闻与热点。`;
    return c.html(await renderList({ title: category.name, description, path: `/c/${category.slug}`, tab: category.slug }, category.name, page));
  });

  app.get('/s/:slug', async (c) => {
    const source = await services.articles.source(c.req.param('slug'));
    if (!source) throw notFound(`source ${c.req.param('slug')}`);
    const page = await listOrNotFound({ sourceId: source.id }, c.req.query('page'));
    const description = `来自${source.name}的文章。`;
    const note = source.is_demo ? `${page.total} 篇文章 · 示例来源` : `${page.total} 篇文章`;
    return c.html(await renderList({ title: source.name, description, path: `/s/${source.slug}` }, source.name, page, note));
  });

  app.get('/a/:id', async (c) => {
    const id = parseId(c.req.param('id'));
    if (id === undefined) throw notFound(`article ${c.req.param('id')}`);
    const article = await services.articles.forReading(id);
    // A HEAD request is not a read.
    const views = c.req.method === 'GET' ? ((await services.views.record(id)) ?? article.view_count) : article.view_count;
    const adSlot = 'article_top' as const;
    const [chrome, guessYouLike, ad] = await Promise.all([
      loadChrome(deps),
      services.recommend.guessYouLike(article),
      getCookie(c, adClosedCookie(adSlot)) ? undefined : services.ads.pick(adSlot),
    ]);
    const editorsPicks = await services.recommend.editorsPicks([id, ...guessYouLike.map((a) => a.id)]);
    const view: ArticleView = {
      article,
      views,
      disclaimer: chrome.settings.reprint_disclaimer,
      ad: ad ? { slot: adSlot, ad } : undefined,
      guessYouLike,
      editorsPicks,
    };
    const path = `/a/${id}`;
    const jsonLd = {
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      headline: article.title,
      description: article.summary,
      datePublished: new Date(article.published_at).toISOString(),
      dateModified: new Date(article.created_at).toISOString(),
      mainEntityOfPage: absoluteUrl(deps.siteUrl, path),
      isBasedOn: article.url,
      ...(article.lead_image ? { image: [absoluteUrl(deps.siteUrl, article.lead_image)] } : {}),
      ...(article.category ? { articleSection: article.category.name } : {}),
      author: article.author ? { '@type': 'Person', name: article.author } : { '@type': 'Organization', name: article.source_name },
      sourceOrganization: { '@type': 'Organization', name: article.source_name, ...(article.source_site_url ? { url: article.source_site_url } : {}) },
      publisher: { '@type': 'Organization', name: chrome.settings.site_name, url: deps.siteUrl },
    };
    const meta: PageMeta = {
      title: article.title,
      description: article.summary,
      path,
      tab: article.category?.slug,
      ogType: 'article',
      image: article.lead_image,
      jsonLd,
    };
    return c.html(renderPage(chrome, meta, <ArticlePage view={view} />));
  });

  app.get('/takedown', async (c) => {
    const chrome = await loadChrome(deps);
    const meta: PageMeta = { title: '侵权投诉', description: '版权人投诉与删除请求的联系方式。', path: '/takedown' };
    return c.html(
      renderPage(chrome, meta, <TakedownPage notice={chrome.settings.infringement_notice} contact={chrome.settings.takedown_contact} />),
    );
  });

  return app;
}
