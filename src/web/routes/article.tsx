import { Hono } from 'hono';
import { raw } from 'hono/html';
import { getCookie } from 'hono/cookie';
import { adClosedCookie, type AdSlotKey } from '../../ads/ads.js';
import { TtlCache } from '../../cache/ttl-cache.js';
import { RedianError } from '../../errors.js';
import type { Ad } from '../../store/schema.js';
import { loadChrome } from '../chrome.js';
import type { WebDeps } from '../context.js';
import { parseId } from '../params.js';
import { AdSlot, ArticlePage } from '../views/article.js';
import { absoluteUrl, type PageMeta, renderPage } from '../views/layout.js';

const AD_SLOT: AdSlotKey = 'article_top';

// Markers for the per-request parts. Comments cannot come from stored content: the
// sanitizer drops them and every title is escaped.
const AD_MARK = '<!--redian:ad-->';
const VIEWS_MARK = '<!--redian:views-->';
// Stands for the article path in a rendered ad; survives URL encoding unchanged.
const BACK_MARK = 'REDIAN_BACK_PATH';

/** An article page rendered once, with the gaps where the ad and the read count go. */
interface RenderedArticle {
  beforeAd: string;
  beforeViews: string;
  rest: string;
}

// A page is re-rendered at most every few seconds; changes to settings clear them all.
const PAGE_TTL_MS = 30_000;
const PAGE_CACHE_ENTRIES = 2000;

/**
 * GET /a/:id. Everything but the ad and the read count is the same for every reader, so
 * the rendered page is kept briefly and only those two are filled in per request.
 */
export function articleRoutes(deps: WebDeps): Hono {
  const { services } = deps;
  const pages = new TtlCache<number, RenderedArticle>(PAGE_TTL_MS, PAGE_CACHE_ENTRIES);
  services.settings.onChange(() => pages.clear());
  // The ad service hands out the same object while its list is cached; a new list, new HTML.
  const ads = new WeakMap<Ad, string>();
  const adHtml = (ad: Ad, id: number) => {
    let html = ads.get(ad);
    if (html === undefined) {
      html = String(<AdSlot slot={AD_SLOT} ad={ad} back={BACK_MARK} />);
      ads.set(ad, html);
    }
    return html.replace(BACK_MARK, encodeURIComponent(`/a/${id}`));
  };

  const app = new Hono();
  app.get('/a/:id', async (c) => {
    const id = parseId(c.req.param('id'));
    if (id === undefined) throw new RedianError('NOT_FOUND', `article ${c.req.param('id')}`);
    const page = await pages.getOrLoad(id, () => render(deps, id));
    // A HEAD request is not a read.
    const views = c.req.method === 'GET' ? await services.views.record(id) : await services.views.current(id);
    if (views === undefined) throw new RedianError('NOT_FOUND', `article ${id}`);
    const ad = getCookie(c, adClosedCookie(AD_SLOT)) ? undefined : await services.ads.pick(AD_SLOT);
    return c.html(page.beforeAd + (ad ? adHtml(ad, id) : '') + page.beforeViews + String(views) + page.rest);
  });
  return app;
}

async function render(deps: WebDeps, id: number): Promise<RenderedArticle> {
  const { services } = deps;
  const article = await services.articles.forReading(id);
  const [chrome, guessYouLike] = await Promise.all([loadChrome(deps), services.recommend.guessYouLike(article)]);
  const editorsPicks = await services.recommend.editorsPicks([article, ...guessYouLike]);
  const path = `/a/${id}`;
  // Rewritten here, not when stored, so the stored HTML keeps the original image URLs.
  const leadImage = article.lead_image ? deps.images.src(article.lead_image) : null;
  const meta: PageMeta = {
    title: article.title,
    description: article.summary,
    path,
    tab: article.category?.slug,
    ogType: 'article',
    image: leadImage,
    jsonLd: {
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      headline: article.title,
      description: article.summary,
      datePublished: new Date(article.published_at).toISOString(),
      dateModified: new Date(article.created_at).toISOString(),
      mainEntityOfPage: absoluteUrl(deps.siteUrl, path),
      isBasedOn: article.url,
      ...(leadImage ? { image: [absoluteUrl(deps.siteUrl, leadImage)] } : {}),
      ...(article.category ? { articleSection: article.category.name } : {}),
      author: article.author ? { '@type': 'Person', name: article.author } : { '@type': 'Organization', name: article.source_name },
      sourceOrganization: {
        '@type': 'Organization',
        name: article.source_name,
        ...(article.source_site_url ? { url: article.source_site_url } : {}),
      },
      publisher: { '@type': 'Organization', name: chrome.settings.site_name, url: deps.siteUrl },
    },
  };
  const html = renderPage(
    chrome,
    meta,
    <ArticlePage
      view={{ article: { ...article, content_html: deps.images.rewriteHtml(article.content_html) }, disclaimer: chrome.settings.reprint_disclaimer, guessYouLike, editorsPicks, adSlot: raw(AD_MARK), views: raw(VIEWS_MARK), imageSrc: (url) => deps.images.src(url) }}
    />,
  );
  const [beforeAd, afterAd] = splitOnce(html, AD_MARK);
  const [beforeViews, rest] = splitOnce(afterAd, VIEWS_MARK);
  return { beforeAd, beforeViews, rest };
}

function splitOnce(text: string, mark: string): [string, string] {
  const at = text.indexOf(mark);
  if (at < 0) throw new Error(`article template lost its marker ${mark}`);
  return [text.slice(0, at), text.slice(at + mark.length)];
}
