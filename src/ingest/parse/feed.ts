import { parseFeed as parseAnyFeed } from 'feedsmith';
import { RedianError } from '../../errors.js';
import { decodeBody, type CharsetSource } from '../charset/decode.js';
import { withoutXmlEncoding } from '../charset/declarations.js';
import type { FeedItem, ParsedFeed } from '../item.js';
import { resolveUrl } from '../url.js';

/**
 * Parses RSS, Atom, RDF or JSON Feed text into items. Relative links are resolved against
 * the feed's own URL; items without a link or guid are dropped, since nothing could point
 * a reader back to the original; an item repeating an earlier item's guid or URL is
 * dropped too (the first wins). Values stay raw: titles may hold HTML and entities that
 * the pipeline turns into plain text.
 */
export function parseFeed(text: string, feedUrl: string): ParsedFeed {
  refuseEntityDeclarations(text, feedUrl);
  refuseHtml(text, feedUrl);
  let parsed: ReturnType<typeof parseAnyFeed>;
  try {
    parsed = parseAnyFeed(withoutXmlEncoding(text));
  } catch (err) {
    throw new RedianError('FEED_INVALID', `${feedUrl}: ${(err as Error).message}`, { cause: err });
  }
  // feedsmith types each format precisely; the fields we read are the same few everywhere.
  const feed = parsed.feed as unknown as LooseFeed;
  const siteUrl = linkOf(feed.link ?? feed.links ?? feed.home_page_url);
  const base = siteUrl ? resolveUrl(siteUrl, feedUrl) ?? feedUrl : feedUrl;
  const raw = feed.items ?? feed.entries ?? [];
  const items: FeedItem[] = [];
  const seen = new Set<string>();
  for (const entry of raw) {
    const item = toItem(entry, base);
    if (!item || seen.has(`guid:${item.guid}`) || seen.has(`url:${item.url}`)) continue;
    seen.add(`guid:${item.guid}`).add(`url:${item.url}`);
    items.push(item);
  }
  return { format: parsed.format, title: text1(feed.title) || feedUrl, siteUrl: siteUrl && resolveUrl(siteUrl, feedUrl), items };
}

export interface DecodedFeed {
  feed: ParsedFeed;
  /** The charset the body was decoded with, and what decided it. */
  charset: string;
  charsetFrom: CharsetSource;
}

/** Decodes a fetched feed body (see decodeBody) and parses it. */
export function parseFeedBytes(bytes: Uint8Array, feedUrl: string, contentType?: string): DecodedFeed {
  const { text, charset, from } = decodeBody(bytes, contentType, 'xml');
  return { feed: parseFeed(text, feedUrl), charset, charsetFrom: from };
}

/**
 * Entities declared in an internal DTD subset are how "billion laughs" (exponential
 * expansion) and external entities (reading local files or URLs) get in. No feed needs
 * them, so a document with an internal subset that declares any entity is refused before
 * any parser sees it. Deciding on the raw text, rather than parsing DTD syntax, cannot be
 * fooled by tricks in the DTD; at worst it refuses a feed that has an internal subset and
 * also mentions `<!ENTITY` in an article. (`<` ends the scan for `[`, so that a text full
 * of unclosed `<!DOCTYPE`s costs linear time.) An external DTD (`<!DOCTYPE rss SYSTEM "…">`,
 * usual in RSS 0.91) is harmless: nothing here fetches it.
 */
function refuseEntityDeclarations(text: string, feedUrl: string): void {
  if (/<!DOCTYPE\s[^<>[]*\[/i.test(text) && /<!ENTITY/i.test(text)) {
    throw new RedianError('FEED_ENTITY_EXPANSION', feedUrl);
  }
}

// Optional BOM, then any XML declaration, processing instructions and comments, then the
// root. Neither alternative can run past its own end, so a failed match cannot backtrack
// through ways of splitting the prolog.
const HTML_START = /^\uFEFF?\s*(?:(?:<\?(?:[^?]|\?(?!>))*\?>|<!--(?:[^-]|-(?!->))*-->)\s*)*<(?:!DOCTYPE\s+html|html[\s>])/i;

/** A site that moved its feed often answers the old URL with its home page. */
function refuseHtml(text: string, feedUrl: string): void {
  if (HTML_START.test(text)) {
    throw new RedianError('FEED_INVALID', `${feedUrl}: got an HTML page, not a feed (RSS, Atom, RDF or JSON Feed)`);
  }
}

interface LooseFeed {
  title?: unknown;
  link?: unknown;
  links?: unknown;
  home_page_url?: unknown;
  items?: LooseEntry[];
  entries?: LooseEntry[];
}

interface LooseEntry {
  id?: string;
  guid?: { value?: string } | string;
  title?: unknown;
  link?: unknown;
  links?: Array<{ href?: string; rel?: string }>;
  url?: string;
  description?: string;
  summary?: unknown;
  content?: { encoded?: string } | { value?: string } | string;
  content_html?: string;
  content_text?: string;
  pubDate?: string;
  published?: string;
  updated?: string;
  date_published?: string;
  dc?: { creators?: string[]; creator?: string; date?: string; dates?: string[]; subjects?: string[] };
  authors?: Array<{ name?: string } | string>;
  author?: { name?: string } | string;
  categories?: Array<{ name?: string; term?: string; label?: string }>;
  tags?: string[];
}

function toItem(e: LooseEntry, base: string): FeedItem | undefined {
  const link = linkOf(e.link ?? e.links ?? e.url);
  const url = link ? resolveUrl(link, base) : undefined;
  const guidValue = typeof e.guid === 'string' ? e.guid : e.guid?.value;
  const guid = (guidValue ?? e.id ?? url)?.trim();
  if (!url || !guid) return undefined;
  const contentHtml =
    typeof e.content === 'string'
      ? e.content
      : (e.content as { encoded?: string })?.encoded ?? (e.content as { value?: string })?.value ?? e.content_html;
  const date = e.pubDate ?? e.published ?? e.date_published ?? e.dc?.date ?? e.dc?.dates?.[0] ?? e.updated;
  const time = date ? Date.parse(date) : NaN;
  const author = e.dc?.creators?.[0] ?? e.dc?.creator ?? personName(e.authors?.[0]) ?? personName(e.author);
  const categories = [
    ...(e.categories ?? []).map((c) => c.label ?? c.name ?? c.term ?? ''),
    ...(e.tags ?? []),
    ...(e.dc?.subjects ?? []),
  ]
    .map((c) => c.trim())
    .filter(Boolean);
  return {
    guid,
    url,
    title: text1(e.title),
    author: author?.trim() || undefined,
    summary: text1(e.description ?? e.summary ?? e.content_text),
    contentHtml: contentHtml || undefined,
    publishedAt: Number.isFinite(time) ? time : undefined,
    categories,
  };
}

function personName(p: { name?: string } | string | undefined): string | undefined {
  return typeof p === 'string' ? p : p?.name;
}

/** RSS gives a string, Atom a list of link objects (prefer rel=alternate), JSON Feed a string. */
function linkOf(link: unknown): string | undefined {
  if (typeof link === 'string') return link.trim() || undefined;
  if (Array.isArray(link)) {
    const links = link as Array<{ href?: string; rel?: string }>;
    return (links.find((l) => !l.rel || l.rel === 'alternate') ?? links[0])?.href;
  }
  return undefined;
}

function text1(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && 'value' in v) return String((v as { value: unknown }).value ?? '');
  return '';
}
