import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { RedianError } from '../../errors.js';
import { VIDEO_HOSTS } from '../sanitize/embeds.js';
import { htmlToText } from '../text.js';
import { resolveUrl } from '../url.js';
import { parseByline } from './byline.js';
import { readMetadata, type PageMetadata } from './metadata.js';
import type { ParsedTime } from './time.js';
import { stripSiteName, titlePrefixes } from './title.js';

export interface ExtractOptions {
  /** CSS selector of the article body, for sites where the generic extractor guesses wrong. */
  selector?: string;
}

export interface ExtractedArticle {
  title: string;
  author: string | undefined;
  /** Epoch milliseconds. */
  publishedAt: number | undefined;
  /** Not sanitized: the sanitizer is the last content step. */
  contentHtml: string;
  text: string;
  siteName?: string;
  /** Whom the page credits as the original publisher (来源), for the reprint notice. */
  origin?: string;
  leadImage?: string;
}

// Less text than this is a list page, an error page or a video page, not an article.
const MIN_ARTICLE_CHARS = 40;
// The byline sits right under the headline; beyond this it is article text.
const BYLINE_ZONE_CHARS = 300;
// Headings longer than this are not headings.
const MAX_HEADING_CHARS = 200;
const HEADING_CLASS = /title|tit\b|tit_|_tit|headline|heading/i;
const SKIPPED_TEXT = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE']);
// Readability keeps an embed when this matches its attribute values joined together; the
// sanitizer decides what survives.
const VIDEO_REGEX = new RegExp(`//(?:${VIDEO_HOSTS.map((h) => h.replace(/\./g, '\\.')).join('|')})/`, 'i');

/**
 * The article of a page: headline without the site name, author and publication time
 * (structured metadata first, then the byline under the headline), and the body, either
 * found by Readability or taken from `options.selector`. Throws EXTRACT_FAILED.
 */
export function extractArticle(html: string, pageUrl: string, options: ExtractOptions = {}): ExtractedArticle {
  const document = parseDocument(html);
  const base = documentBase(document, pageUrl);
  // linkedom has no URL of its own; Readability resolves links against these.
  Object.defineProperty(document, 'documentURI', { value: pageUrl });
  Object.defineProperty(document, 'baseURI', { value: base });

  // Read before Readability, which removes scripts (JSON-LD) and rewrites the tree.
  const meta = readMetadata(document);
  const { title, heading, siteName } = chooseTitle(document, meta);
  const byline = parseByline(heading ? textAfter(heading, BYLINE_ZONE_CHARS) : '');

  const body = options.selector ? selectedHtml(document, options.selector, base) : readableHtml(document);
  const contentHtml = withoutHeadline(body, title || heading?.textContent || '');
  const text = htmlToText(contentHtml);
  if (text.replace(/\s/g, '').length < MIN_ARTICLE_CHARS) throw new RedianError('EXTRACT_FAILED', `too little text at ${pageUrl}`);

  const origin = meta.origin ?? byline.source;
  const leadImage = (meta.image && resolveUrl(meta.image, base)) ?? firstImageSrc(contentHtml, base);
  return {
    title: title || text.split('\n')[0]!.slice(0, 60),
    author: meta.author ?? byline.author ?? byline.editor,
    publishedAt: choosePublished(meta.published, byline.published),
    contentHtml,
    text,
    ...(siteName ? { siteName } : {}),
    ...(origin ? { origin } : {}),
    ...(leadImage ? { leadImage } : {}),
  };
}

// A leading block this short that carries these labels is the byline, not the story.
const BYLINE_BLOCK = /(来源|作者|记者|编辑|发布时间)[:：]/;
const BYLINE_BLOCK_CHARS = 120;

/**
 * The body without what the page shows above the story: the headline (the article page
 * prints the title itself) and the byline line (its facts are in author and time).
 */
function withoutHeadline(html: string, title: string): string {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  const flat = (s: string | null | undefined) => (s ?? '').replace(/[\s\u3000]+/g, '');
  const wanted = flat(title);
  // Readability wraps the body in a div or two; the story's first blocks are inside.
  let container: Element = document.body;
  while (container.children.length === 1 && /^(DIV|SECTION|ARTICLE)$/.test(container.firstElementChild!.tagName)) {
    container = container.firstElementChild!;
  }
  for (let i = 0; i < 3 && container.firstElementChild; i++) {
    const first = container.firstElementChild;
    const text = flat(first.textContent);
    const isHeadline = /^H[1-6]$/.test(first.tagName) && wanted !== '' && (text === wanted || wanted.startsWith(text));
    const isByline = text.length <= BYLINE_BLOCK_CHARS && BYLINE_BLOCK.test(first.textContent ?? '');
    if (!isHeadline && !isByline) break;
    first.remove();
  }
  return document.body.innerHTML;
}

/** linkedom builds no <html>/<body> of its own: a fragment or a page without them gets them here. */
function parseDocument(html: string): Document {
  let source = html;
  if (!/<html[\s>]/i.test(source)) source = `<html>${/<body[\s>]/i.test(source) ? source : `<head></head><body>${source}</body>`}</html>`;
  const { document } = parseHTML(source);
  if (!document.documentElement || !document.body) throw new RedianError('EXTRACT_FAILED', 'not an HTML document');
  return document;
}

/** `<base href>` resolved against the page, as a browser would; only http(s). */
function documentBase(document: Document, pageUrl: string): string {
  const href = document.querySelector('base[href]')?.getAttribute('href');
  return (href && resolveUrl(href, pageUrl)) || pageUrl;
}

function readableHtml(document: Document): string {
  const article = new Readability(document, { allowedVideoRegex: VIDEO_REGEX }).parse();
  if (!article?.content) throw new RedianError('EXTRACT_FAILED', 'no article body found');
  return article.content;
}

function selectedHtml(document: Document, selector: string, base: string): string {
  let el: Element | null;
  try {
    el = document.querySelector(selector);
  } catch (err) {
    throw new RedianError('EXTRACT_FAILED', `bad selector ${JSON.stringify(selector)}`, { cause: err });
  }
  if (!el) throw new RedianError('EXTRACT_FAILED', `nothing matches ${JSON.stringify(selector)}`);
  for (const junk of el.querySelectorAll('script,style,noscript,template')) junk.remove();
  // Resolved here because the sanitizer only knows the page URL, not its <base href>.
  for (const link of el.querySelectorAll('[href],[src]')) {
    for (const attr of ['href', 'src']) {
      const value = link.getAttribute(attr);
      const resolved = value ? resolveUrl(value, base) : undefined;
      if (resolved) link.setAttribute(attr, resolved);
    }
  }
  return el.innerHTML;
}

interface TitleChoice {
  title: string;
  heading: Element | undefined;
  siteName: string | undefined;
}

/**
 * A heading on the page that shows the document title up to a separator is the headline;
 * otherwise the (og:)title with its site-name suffix cut off.
 */
function chooseTitle(document: Document, meta: PageMetadata): TitleChoice {
  const headings = headingsByText(document);
  const named = meta.headline ?? meta.ogTitle ?? meta.documentTitle ?? '';
  const stripped = stripSiteName(named, meta.siteNames);
  const fromDocument = meta.documentTitle ? stripSiteName(meta.documentTitle, meta.siteNames) : undefined;
  const siteName = meta.siteNames[0] ?? stripped.siteName ?? fromDocument?.siteName;
  const candidates = [named, meta.documentTitle, ...titlePrefixes(named), ...titlePrefixes(meta.documentTitle ?? '')]
    .filter((c): c is string => !!c)
    .sort((a, b) => b.length - a.length);
  for (const candidate of candidates) {
    const heading = headings.get(normalize(candidate));
    if (heading) return { title: normalize(candidate), heading, siteName };
  }
  const h1 = document.querySelector('body h1');
  return { title: stripped.title || normalize(h1?.textContent ?? ''), heading: headings.get(stripped.title) ?? h1 ?? undefined, siteName };
}

/** Heading-like elements by their text; the first one of a text wins. */
function headingsByText(document: Document): Map<string, Element> {
  const out = new Map<string, Element>();
  for (const el of document.querySelectorAll('body *')) {
    const isHeading = /^H[1-3]$/.test(el.tagName) || HEADING_CLASS.test(`${el.getAttribute('class') ?? ''} ${el.id}`);
    if (!isHeading) continue;
    const text = el.textContent ?? '';
    if (text.length > MAX_HEADING_CHARS * 2) continue;
    const key = normalize(text);
    if (key && key.length <= MAX_HEADING_CHARS && !out.has(key)) out.set(key, el);
  }
  return out;
}

/** Up to `max` characters of text following `el` in document order, elements spaced apart. */
function textAfter(el: Element, max: number): string {
  let out = '';
  const visit = (node: Node): void => {
    if (out.length >= max) return;
    if (node.nodeType === node.TEXT_NODE) out += node.textContent ?? '';
    else if (node.nodeType === node.ELEMENT_NODE && !SKIPPED_TEXT.has((node as Element).tagName)) {
      out += ' ';
      for (const child of node.childNodes) visit(child);
      out += ' ';
    }
  };
  for (let node: Node | null = el; node && out.length < max; node = node.parentNode) {
    for (let sib = node.nextSibling; sib && out.length < max; sib = sib.nextSibling) visit(sib);
  }
  return out.slice(0, max);
}

/** Structured time first; a date-only one gives way to the byline's time on the same day. */
function choosePublished(structured: ParsedTime | undefined, byline: ParsedTime | undefined): number | undefined {
  if (structured && byline && !structured.hasTime && byline.hasTime && sameBeijingDay(structured.at, byline.at)) return byline.at;
  return (structured ?? byline)?.at;
}

function sameBeijingDay(a: number, b: number): boolean {
  const day = (t: number) => new Date(t + 8 * 3600_000).toISOString().slice(0, 10);
  return day(a) === day(b);
}

function firstImageSrc(html: string, base: string): string | undefined {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  for (const img of document.querySelectorAll('img[src]')) {
    const src = resolveUrl(img.getAttribute('src') ?? '', base);
    if (src) return src;
  }
  return undefined;
}

function normalize(text: string): string {
  return text.replace(/[\s\u3000]+/g, ' ').trim();
}
