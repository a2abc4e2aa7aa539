import { type AtomFeed, type JsonFeed, type RssFeed, generateAtomFeed, generateJsonFeed, generateRssFeed } from 'feedsmith';
import type { FeedArticle } from '../../../syndication/syndication.js';

export type FeedFormat = 'rss' | 'atom' | 'json';

/** Path of each format's document, after the scope's base ('' for the site, '/c/tech', '/s/xinhua'). */
export const FEED_FILES: Record<FeedFormat, { file: string; type: string }> = {
  rss: { file: 'feed.xml', type: 'application/rss+xml' },
  atom: { file: 'atom.xml', type: 'application/atom+xml' },
  json: { file: 'feed.json', type: 'application/feed+json' },
};

/** What the channel says about itself. */
export interface FeedChannel {
  title: string;
  description: string;
  siteName: string;
  siteUrl: string;
  /** The HTML page this feed follows, e.g. `/c/tech`. */
  pagePath: string;
  /** The feed's own path, e.g. `/c/tech/feed.xml`. */
  selfPath: string;
}

/**
 * Each entry carries the title (as text, never markup), the link to our page, the link to
 * the original, the source, the author, the summary, the time and the category. Only the
 * summary, never the body, whatever the source's policy: the body is reprinted with
 * attribution on our page, not handed on to other readers.
 */
export function buildFeed(format: FeedFormat, channel: FeedChannel, articles: FeedArticle[]): string {
  const link = (path: string) => `${channel.siteUrl}${path}`;
  const page = (a: FeedArticle) => link(`/a/${a.id}`);
  const sourceUrl = (a: FeedArticle) => a.source_site_url ?? a.source_feed_url ?? link(`/s/${a.source_slug}`);
  const updated = (a: FeedArticle) => new Date(Math.max(a.published_at, a.created_at));
  // The newest entry's time, so the same articles give the same bytes (and the same ETag).
  const newest = articles.reduce((t, a) => Math.max(t, a.published_at, a.created_at), 0);

  if (format === 'rss') {
    const feed: RssFeed.Feed<Date> = {
      title: channel.title,
      link: link(channel.pagePath),
      description: channel.description,
      language: 'zh-cn',
      generator: 'Redian',
      ttl: 10,
      ...(newest ? { lastBuildDate: new Date(newest) } : {}),
      atom: { links: [{ href: link(channel.selfPath), rel: 'self', type: FEED_FILES.rss.type }] },
      items: articles.map((a) => ({
        title: a.title,
        link: page(a),
        description: a.summary,
        guid: { value: page(a), isPermaLink: true },
        pubDate: new Date(a.published_at),
        // <author> must be an e-mail address; dc:creator takes a name.
        dc: { creators: [a.author ?? a.source_name] },
        ...(a.category_name ? { categories: [{ name: a.category_name, domain: link(`/c/${a.category_slug}`) }] } : {}),
        source: { title: a.source_name, url: a.source_feed_url ?? sourceUrl(a) },
        atom: { links: [{ href: a.url, rel: 'via' }] },
      })),
    };
    return generateRssFeed(feed);
  }

  if (format === 'atom') {
    const feed: AtomFeed.Feed<Date> = {
      id: link(channel.selfPath),
      title: { value: channel.title, type: 'text' },
      subtitle: { value: channel.description, type: 'text' },
      updated: new Date(newest),
      authors: [{ name: channel.siteName, uri: link('/') }],
      generator: { text: 'Redian' },
      links: [
        { href: link(channel.pagePath), rel: 'alternate', type: 'text/html' },
        { href: link(channel.selfPath), rel: 'self', type: FEED_FILES.atom.type },
      ],
      entries: articles.map((a) => ({
        id: page(a),
        title: { value: a.title, type: 'text' },
        summary: { value: a.summary, type: 'text' },
        updated: updated(a),
        published: new Date(a.published_at),
        authors: [{ name: a.author ?? a.source_name }],
        ...(a.category_name ? { categories: [{ term: a.category_slug!, label: a.category_name, scheme: link('/c/') }] } : {}),
        links: [
          { href: page(a), rel: 'alternate', type: 'text/html' },
          { href: a.url, rel: 'via', type: 'text/html' },
        ],
        source: { id: sourceUrl(a), title: { value: a.source_name, type: 'text' }, links: [{ href: sourceUrl(a), rel: 'alternate' }] },
      })),
    };
    return generateAtomFeed(feed);
  }

  const items = articles.map((a) => {
    const item: JsonFeed.Item<Date> = {
      id: page(a),
      url: page(a),
      external_url: a.url,
      title: a.title,
      summary: a.summary,
      content_text: a.summary,
      date_published: new Date(a.published_at),
      date_modified: updated(a),
      authors: [{ name: a.author ?? a.source_name }],
      ...(a.category_name ? { tags: [a.category_name] } : {}),
    };
    // JSON Feed's extension convention: keys starting with _ are the publisher's own.
    return Object.assign(item, { _source: { name: a.source_name, url: sourceUrl(a) } });
  });
  const feed: JsonFeed.Feed<Date> = {
    title: channel.title,
    description: channel.description,
    home_page_url: link(channel.pagePath),
    feed_url: link(channel.selfPath),
    language: 'zh-CN',
    authors: [{ name: channel.siteName, url: link('/') }],
    items,
  };
  return JSON.stringify(generateJsonFeed(feed));
}
