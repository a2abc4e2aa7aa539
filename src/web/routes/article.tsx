import { Hono } from 'hono';
import { raw } from 'hono/html';
import { countsAsRead } from '../../audience/countable.js';
import type { AdSlotKey } from '../../ads/ads.js';
import { TOPICS } from '../../cluster/bus.js';
import { TtlCache } from '../../cache/ttl-cache.js';
import { RedianError } from '../../errors.js';
import type { ArticleCard } from '../../store/repos/index.js';
import type { Ad } from '../../store/schema.js';
import { loadChrome } from '../chrome.js';
import type { WebDeps } from '../context.js';
import { LIST_SIZE, type Shown } from '../../recommend/lists.js';
import { parseId } from '../params.js';
import { type Visitor, visitorOf } from '../visitor.js';
import { readerAds } from '../reader-ads.js';
import { requestHeader } from '../request-headers.js';
import { securedResponse } from '../security.js';
import { AdBox } from '../views/ads.js';
import { ArticlePage, guessListParts } from '../views/article.js';
import { absoluteUrl, type PageMeta, renderPage } from '../views/layout.js';

// Markers for the per-request parts. Comments cannot come from stored content: the
// sanitizer drops them and every title is escaped.
const AD_MARK = '<!--redian:ad-->';
const AD_BOTTOM_MARK = '<!--redian:ad-bottom-->';
const AD_SIDE_MARK = '<!--redian:ad-side-->';
const VIEWS_MARK = '<!--redian:views-->';
// 猜你喜欢 depends on the reader: rendered per request.
const GUESS_MARK = '<!--redian:guess-->';
// Stands for the article path in a rendered ad; survives URL encoding unchanged.
const BACK_MARK = 'REDIAN_BACK_PATH';

/** An article page rendered once and encoded, with the gaps where the per-request parts go. */
interface RenderedArticle {
  beforeAd: Buffer;
  beforeViews: Buffer;
  beforeAdBottom: Buffer;
  beforeAdSide: Buffer;
  beforeGuess: Buffer;
  rest: Buffer;
  /** The page's path as an ad's 关闭广告 link carries it. */
  back: Buffer;
  /** What the page shows (the article, 精彩推荐, 相关阅读): 猜你喜欢 leaves them out. */
  shown: Shown[];
  /** Ads may target categories. */
  categoryId: number | null;
}

// A page is re-rendered at most every few seconds; changes to settings clear them all.
const PAGE_TTL_MS = 30_000;
const PAGE_CACHE_ENTRIES = 2000;
const HTML = { 'content-type': 'text/html; charset=UTF-8' };

/**
 * GET /a/:id. Everything but the ads, the read count and 猜你喜欢 is the same for every
 * reader, so the rendered page is kept briefly and only those are filled in per request.
 * The parts are kept as bytes: a page of Chinese text is a two-byte string, and measuring
 * and encoding it for every response cost more than choosing the reader's list.
 */
export function articleRoutes(deps: WebDeps): Hono {
  const { services } = deps;
  const pages = new TtlCache<number, RenderedArticle>(PAGE_TTL_MS, PAGE_CACHE_ENTRIES);
  services.settings.onChange(() => pages.clear());
  // A takedown (or any status change) must show at once, on every node: the bus brings it.
  // Every page goes, not just the article's: others list it under 精彩推荐 and 相关阅读.
  // Such changes are editors' decisions, a few a day, so re-rendering is cheap.
  services.bus.subscribe(TOPICS.articleChanged, () => pages.clear());
  // The ad service hands out the same object while its list is cached; a new list, new HTML.
  const ads = new WeakMap<Ad, [Buffer, Buffer]>();
  const adHtml = (slot: AdSlotKey, ad: Ad | undefined, page: RenderedArticle): Buffer[] => {
    if (!ad) return [];
    let parts = ads.get(ad);
    if (parts === undefined) {
      const [before, after] = splitOnce(String(<AdBox slot={slot} ad={ad} back={BACK_MARK} imageSrc={(url) => deps.images.src(url)} />), BACK_MARK);
      parts = [Buffer.from(before), Buffer.from(after)];
      ads.set(ad, parts);
    }
    return [parts[0], page.back, parts[1]];
  };
  const guess = guessRenderer(deps);

  const app = new Hono();
  app.get('/a/:id', async (c) => {
    const id = parseId(c.req.param('id'));
    if (id === undefined) throw new RedianError('NOT_FOUND', `article ${c.req.param('id')}`);
    const page = await pages.getOrLoad(id, () => render(deps, id));
    // Only a reader's GET is a read: not a HEAD, a crawler or a prefetch.
    const visitor = countsAsRead(c.req.method, (name) => requestHeader(c, name)) ? await visitorOf(c, deps) : undefined;
    const views = visitor ? await services.views.record(id, visitor.id) : await services.views.current(id);
    if (views === undefined) throw new RedianError('NOT_FOUND', `article ${id}`);
    const reader = readerAds(c, deps, page.categoryId);
    const [top, bottom, side] = [await reader.one('article_top'), await reader.one('article_bottom'), await reader.one('sidebar')];
    const wroteCookie = reader.commit();
    const list = await guess(id, page, visitor);
    const body = Buffer.concat([
      page.beforeAd,
      ...adHtml('article_top', top, page),
      page.beforeViews,
      Buffer.from(String(views), 'latin1'),
      page.beforeAdBottom,
      ...adHtml('article_bottom', bottom, page),
      page.beforeAdSide,
      ...adHtml('sidebar', side, page),
      page.beforeGuess,
      ...list,
      page.rest,
    ]);
    // A cookie to write (a new reader's id, ad caps) is in the context's headers, which only
    // c.body merges in. Otherwise, as for most pages, the response is made here with its
    // headers as a plain object (see securedResponse). Nothing else in this route sets headers.
    if (visitor?.isNew || wroteCookie) return c.body(body, 200, HTML);
    return securedResponse(body, 200, HTML);
  });
  return app;
}

/**
 * 猜你喜欢 for a reader (none known: the cold-start list), as encoded parts; the page now
 * counts as read by them. Lists are personal, their items are not: each item is rendered
 * once per card (the card cache hands out the same card object for a while, with the
 * count it shows) and reason.
 */
function guessRenderer(deps: WebDeps): (id: number, page: RenderedArticle, visitor: Visitor | undefined) => Promise<Buffer[]> {
  const parts = guessListParts((url) => deps.images.src(url));
  const [open, close] = [Buffer.from(parts.open), Buffer.from(parts.close)];
  const items = new WeakMap<ArticleCard, Map<string, Buffer>>();
  const item = (card: ArticleCard, reason: string): Buffer => {
    let byReason = items.get(card);
    if (!byReason) items.set(card, (byReason = new Map()));
    let html = byReason.get(reason);
    if (!html) byReason.set(reason, (html = Buffer.from(parts.item(card, reason))));
    return html;
  };
  return async (id, page, visitor) => {
    const [article, ...onPage] = page.shown;
    // A new id has no history yet: no need to look for one.
    const picks = await deps.services.recommend.forYouPicks(visitor && !visitor.isNew ? visitor.id : undefined, article, LIST_SIZE, onPage);
    if (visitor) deps.services.recommend.noteRead(visitor.id, id, visitor.isNew, article?.story_id);
    const out: Buffer[] = [open];
    for (const { card, reason } of picks) out.push(item(card, reason));
    out.push(close);
    return out;
  };
}

async function render(deps: WebDeps, id: number): Promise<RenderedArticle> {
  const { services } = deps;
  const article = await services.articles.forReading(id);
  const [chrome, related, tags] = await Promise.all([loadChrome(deps), services.recommend.related(article), services.search.tagsOf(id)]);
  const editorsPicks = await services.recommend.editorsPicks([article, ...related]);
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
      view={{ article: { ...article, content_html: deps.images.rewriteHtml(article.content_html) }, disclaimer: chrome.settings.reprint_disclaimer, tags, guessYouLike: raw(GUESS_MARK), editorsPicks, related, adSlot: raw(AD_MARK), adBottom: raw(AD_BOTTOM_MARK), adSide: raw(AD_SIDE_MARK), views: raw(VIEWS_MARK), imageSrc: (url) => deps.images.src(url) }}
    />,
  );
  const [beforeAd, afterAd] = splitOnce(html, AD_MARK);
  const [beforeViews, afterViews] = splitOnce(afterAd, VIEWS_MARK);
  const [beforeAdBottom, afterAdBottom] = splitOnce(afterViews, AD_BOTTOM_MARK);
  const [beforeAdSide, afterAdSide] = splitOnce(afterAdBottom, AD_SIDE_MARK);
  const [beforeGuess, rest] = splitOnce(afterAdSide, GUESS_MARK);
  const shown = [article, ...editorsPicks, ...related].map((a) => ({ id: a.id, story_id: a.story_id }));
  return {
    beforeAd: Buffer.from(beforeAd),
    beforeViews: Buffer.from(beforeViews),
    beforeAdBottom: Buffer.from(beforeAdBottom),
    beforeAdSide: Buffer.from(beforeAdSide),
    beforeGuess: Buffer.from(beforeGuess),
    rest: Buffer.from(rest),
    back: Buffer.from(encodeURIComponent(path)),
    shown,
    categoryId: article.category_id,
  };
}

function splitOnce(text: string, mark: string): [string, string] {
  const at = text.indexOf(mark);
  if (at < 0) throw new Error(`article template lost its marker ${mark}`);
  return [text.slice(0, at), text.slice(at + mark.length)];
}
