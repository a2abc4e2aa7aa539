import { RedianError } from '../errors.js';
import { decodeBody } from './charset/decode.js';
import type { Fetcher } from './fetch/index.js';
import type { ParsedFeed } from './item.js';
import { resolveUrl } from './url.js';

const FEED_TYPES = ['application/rss+xml', 'application/atom+xml', 'application/feed+json', 'application/json', 'application/rdf+xml'];

/**
 * Feed links a page announces with `<link rel="alternate" type="application/rss+xml" href>`.
 * linkedom is loaded here, on first use: the services (so every CLI command) import this file.
 */
export async function feedLinks(html: string, pageUrl: string): Promise<string[]> {
  const { parseHTML } = await import('linkedom');
  const { document } = parseHTML(html);
  const links: string[] = [];
  for (const link of document.querySelectorAll('link[rel~="alternate"][href]')) {
    const type = (link.getAttribute('type') ?? '').toLowerCase().split(';')[0]!.trim();
    if (!FEED_TYPES.includes(type)) continue;
    const href = resolveUrl(link.getAttribute('href')!, pageUrl);
    if (href && !links.includes(href)) links.push(href);
  }
  return links;
}

export interface DiscoveredFeed {
  feedUrl: string;
  feed: ParsedFeed;
}

/**
 * The feed behind a URL an editor pasted: the URL itself when it is a feed, else the
 * first feed its page links to that parses.
 */
export async function discoverFeed(url: string, fetcher: Fetcher, options: { allowLoopback?: boolean } = {}): Promise<DiscoveredFeed> {
  const first = await fetcher.fetchResource(url, { allowLoopback: options.allowLoopback ?? false });
  if (first.status !== 'ok') throw new RedianError('FEED_INVALID', `${url} answered without a body`);
  // Loaded on use (feedsmith is ~140 modules): the services, so every CLI command, import this file.
  const { parseFeedBytes } = await import('./parse/feed.js');
  try {
    return { feedUrl: first.finalUrl, feed: parseFeedBytes(first.body, first.finalUrl, first.contentType).feed };
  } catch (notAFeed) {
    const { text } = decodeBody(first.body, first.contentType, 'html');
    const candidates = await feedLinks(text, first.finalUrl);
    if (candidates.length === 0) {
      throw new RedianError('FEED_INVALID', `${url} is not a feed and its page links to none`, { cause: notAFeed });
    }
    let lastError: unknown;
    for (const candidate of candidates) {
      try {
        const res = await fetcher.fetchResource(candidate, { allowLoopback: options.allowLoopback ?? false });
        if (res.status === 'ok') return { feedUrl: res.finalUrl, feed: parseFeedBytes(res.body, res.finalUrl, res.contentType).feed };
      } catch (err) {
        lastError = err;
      }
    }
    throw lastError ?? new RedianError('FEED_INVALID', `no feed linked from ${url} could be read`);
  }
}
