import { parseChineseTime, type ParsedTime } from './time.js';

/** What a page states about itself in meta tags and JSON-LD, before any guessing. */
export interface PageMetadata {
  documentTitle?: string;
  ogTitle?: string;
  headline?: string;
  siteNames: string[];
  author?: string;
  published?: ParsedTime;
  /** The original publisher, as portal CMSs (TRS and others) state it in `<meta name="source">`. */
  origin?: string;
  image?: string;
}

const ARTICLE_TYPES = new Set(['NewsArticle', 'Article', 'ReportageNewsArticle', 'AnalysisNewsArticle', 'BlogPosting']);

// In order of trust: article metadata first, then the older portal conventions.
const PUBLISHED_META = [
  'article:published_time', 'og:article:published_time', 'og:release_date', 'datepublished',
  'pubdate', 'publishdate', 'publish_date', 'dc.date.issued', 'dc.date', 'date',
];
const AUTHOR_META = ['article:author', 'og:article:author', 'author', 'dc.creator', 'byl'];

export function readMetadata(document: Document): PageMetadata {
  const meta = metaMap(document);
  const ld = jsonLdArticle(document);
  const first = (names: string[]): string | undefined => names.map((n) => meta.get(n)).find((v) => v !== undefined);
  const siteNames = [meta.get('og:site_name'), ld?.publisher, meta.get('application-name')].filter((v): v is string => !!v);
  const published = [ld?.datePublished, ...PUBLISHED_META.map((n) => meta.get(n))]
    .map((v) => (v ? parseStructuredTime(v) : undefined))
    .find((v) => v !== undefined);
  const author = [ld?.author, first(AUTHOR_META)].find((v) => v && !/^https?:\/\//i.test(v));
  return {
    documentTitle: clean(document.querySelector('head title')?.textContent ?? document.title),
    ogTitle: meta.get('og:title') ?? meta.get('twitter:title'),
    headline: ld?.headline,
    siteNames: [...new Set(siteNames)],
    author,
    published,
    origin: meta.get('source'),
    image: ld?.image ?? meta.get('og:image') ?? meta.get('twitter:image'),
  };
}

/** Meta tags by lower-cased name or property; the first one of a name wins. */
function metaMap(document: Document): Map<string, string> {
  const out = new Map<string, string>();
  for (const el of document.querySelectorAll('meta[content]')) {
    const content = clean(el.getAttribute('content') ?? '');
    if (!content) continue;
    for (const attr of ['property', 'name', 'itemprop']) {
      const key = el.getAttribute(attr)?.trim().toLowerCase();
      if (key && !out.has(key)) out.set(key, content);
    }
  }
  return out;
}

function parseStructuredTime(value: string): ParsedTime | undefined {
  const parsed = parseChineseTime(value);
  if (parsed) return parsed;
  // RFC 2822 dates ("Thu, 05 Sep 2019 11:10:00 +0800") carry their own zone.
  const at = Date.parse(value);
  return Number.isFinite(at) && /\d{1,2}:\d{2}/.test(value) && /[+-]\d{4}|GMT|UTC|Z\b/i.test(value) ? { at, hasTime: true } : undefined;
}

interface LdArticle {
  headline?: string;
  author?: string;
  datePublished?: string;
  publisher?: string;
  image?: string;
}

function jsonLdArticle(document: Document): LdArticle | undefined {
  for (const script of document.querySelectorAll('script[type="application/ld+json"]')) {
    let data: unknown;
    try {
      data = JSON.parse(script.textContent ?? '');
    } catch {
      continue;
    }
    const found = flattenLd(data).find((node) => types(node).some((t) => ARTICLE_TYPES.has(t)));
    if (found) {
      return {
        headline: str(found.headline),
        author: name(found.author),
        datePublished: str(found.datePublished),
        publisher: name(found.publisher),
        image: url(found.image),
      };
    }
  }
  return undefined;
}

type LdNode = Record<string, unknown>;

function flattenLd(data: unknown): LdNode[] {
  if (Array.isArray(data)) return data.flatMap(flattenLd);
  if (!isNode(data)) return [];
  return [data, ...(Array.isArray(data['@graph']) ? data['@graph'].flatMap(flattenLd) : [])];
}

function isNode(value: unknown): value is LdNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function types(node: LdNode): string[] {
  const t = node['@type'];
  return (Array.isArray(t) ? t : [t]).filter((v): v is string => typeof v === 'string');
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? clean(value) : undefined;
}

/** A person or organisation: a string, `{ name }`, or a list of them joined. */
function name(value: unknown): string | undefined {
  if (Array.isArray(value)) {
    const names = value.map(name).filter((v): v is string => !!v);
    return names.length ? names.join('、') : undefined;
  }
  return isNode(value) ? str(value.name) : str(value);
}

function url(value: unknown): string | undefined {
  if (Array.isArray(value)) return url(value[0]);
  return isNode(value) ? str(value.url) : str(value);
}

function clean(text: string): string {
  return text.replace(/[\s\u3000]+/g, ' ').trim();
}
