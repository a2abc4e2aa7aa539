import { RedianError } from '../errors.js';
import type { CompiledRules } from '../filters/types.js';
import type { Repos } from '../store/repos/index.js';
import type { Source } from '../store/schema.js';
import { decodeBody } from './charset/decode.js';
import type { Fetcher } from './fetch/index.js';
import type { FeedItem } from './item.js';
import type { FetchSource, SourceFetchResult } from './scheduler.js';
import { htmlToText } from './text.js';

const FEED_ACCEPT = 'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5';
const PAGE_ACCEPT = 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5';

// A feed item whose body is shorter than this (or just repeats its summary) is a teaser:
// the page holds the article.
const TEASER_CHARS = 100;

export interface SourceFetcherOptions {
  /** Tests fetch from 127.0.0.1; production never does. */
  allowLoopback?: boolean;
  /** Called when an article page could not be read; the item keeps its summary. */
  onPageError?: (url: string, err: unknown) => void;
  /** The editors' filter rules, compiled and cached (FilterService.compiled()); without it each fetch reads them. */
  rules?: () => Promise<CompiledRules>;
}

/**
 * One fetch of one source: conditional GET of its feed (a 304 costs nothing more), charset
 * and parsing, the article pages of new summary-only items when the source's policy is
 * `full`, then the pipeline (blocklist, sanitizer, store).
 */
export function createSourceFetcher(repos: Repos, fetcher: Fetcher, options: SourceFetcherOptions = {}): FetchSource {
  return async (source: Source): Promise<SourceFetchResult> => {
    if (!source.feed_url) throw new RedianError('SOURCE_INVALID', `source #${source.id} has no feed URL`);
    const common = { allowLoopback: options.allowLoopback ?? false, respectRobots: source.respect_robots === 1 };
    const res = await fetcher.fetchResource(source.feed_url, {
      ...common,
      accept: FEED_ACCEPT,
      etag: source.etag ?? undefined,
      lastModified: source.last_modified ?? undefined,
    });
    if (res.status === 'not-modified') {
      return { notModified: true, added: 0, duplicates: 0, blocked: 0, etag: source.etag, lastModified: source.last_modified };
    }
    // Loaded on the first feed that changed, not at import: the services (so every CLI
    // command) import this file, and the parser and pipeline bring feedsmith, the sanitizer,
    // jieba and the classifier with them.
    const [{ parseFeedBytes }, { ingestItems }] = await Promise.all([import('./parse/feed.js'), import('./pipeline.js')]);
    const { feed } = parseFeedBytes(res.body, res.finalUrl, res.contentType);
    let items = feed.items;
    if (source.policy === 'full') {
      const known = await repos.articles.existingUrls(source.id, items.map((i) => i.url));
      items = await Promise.all(
        items.map((item) => (known.has(item.url) || !isSummaryOnly(item) ? item : withPageBody(item, source, fetcher, common, options))),
      );
    }
    const result = await ingestItems(repos, source, items, { rules: await options.rules?.() });
    return {
      notModified: false,
      added: result.added.length,
      duplicates: result.duplicates,
      blocked: result.blocked,
      filtered: result.filtered,
      held: result.held,
      etag: res.etag ?? null,
      lastModified: res.lastModified ?? null,
    };
  };
}

function isSummaryOnly(item: FeedItem): boolean {
  const body = htmlToText(item.contentHtml ?? '');
  return body.length < TEASER_CHARS || body === htmlToText(item.summary);
}

/** The item with the article page's body, author and time; unchanged if the page cannot be read. */
async function withPageBody(
  item: FeedItem,
  source: Source,
  fetcher: Fetcher,
  common: { allowLoopback: boolean; respectRobots: boolean },
  options: SourceFetcherOptions,
): Promise<FeedItem> {
  try {
    const page = await fetcher.fetchResource(item.url, { ...common, accept: PAGE_ACCEPT });
    if (page.status !== 'ok') return item;
    const { text } = decodeBody(page.body, page.contentType, 'html');
    // Loaded on the first summary-only item: linkedom and Readability are heavy to load, and
    // the services (so every CLI command) import this file.
    const { extractArticle } = await import('./extract/extract.js');
    const article = extractArticle(text, page.finalUrl, source.content_selector ? { selector: source.content_selector } : {});
    return {
      ...item,
      contentHtml: article.contentHtml,
      author: item.author ?? article.author ?? undefined,
      publishedAt: item.publishedAt ?? article.publishedAt,
    };
  } catch (err) {
    options.onPageError?.(item.url, err);
    return item;
  }
}
