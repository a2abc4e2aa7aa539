/** One entry of a feed after parsing, before sanitizing: every field is untrusted. */
export interface FeedItem {
  guid: string;
  url: string;
  title: string;
  author: string | undefined;
  /** Plain-text or HTML summary as the feed gave it. */
  summary: string;
  /** Full HTML body when the feed carries one. */
  contentHtml: string | undefined;
  publishedAt: number | undefined;
  /** The feed's own category names or tags. */
  categories: string[];
}

export interface ParsedFeed {
  format: 'rss' | 'atom' | 'rdf' | 'json';
  title: string;
  siteUrl: string | undefined;
  items: FeedItem[];
}
