import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import { TtlCache } from '../../cache/ttl-cache.js';
import { type Bus, TOPICS } from '../../cluster/bus.js';

/** A generated document (feed, sitemap) as it is sent. */
export interface CachedDocument {
  body: string;
  etag: string;
  lastModified: number | undefined;
}

/**
 * Feeds and sitemaps, kept once built: a feed takes some milliseconds to build and readers
 * poll it all day. Dropped on every node when an article changes (hidden, taken down,
 * retitled…) or a setting does, so what is withdrawn leaves them at once; new articles
 * show within the TTL. The ETag is computed once per build, and a client holding it gets
 * a 304.
 */
export class DocumentCache {
  private readonly documents: TtlCache<string, CachedDocument>;

  constructor(bus: Bus, ttlMs: number, maxEntries: number) {
    this.documents = new TtlCache(ttlMs, maxEntries);
    bus.subscribe(TOPICS.articleChanged, () => this.documents.clear());
    bus.subscribe(TOPICS.settingsChanged, () => this.documents.clear());
    bus.subscribe(TOPICS.categoriesChanged, () => this.documents.clear());
  }

  async serve(
    c: Context,
    key: string,
    headers: { contentType: string; cacheControl: string },
    build: () => Promise<{ body: string; lastModified?: number | undefined }>,
  ): Promise<Response> {
    const doc = await this.documents.getOrLoad(key, async () => {
      const { body, lastModified } = await build();
      return { body, lastModified, etag: `"${createHash('sha1').update(body).digest('base64url')}"` };
    });
    c.header('ETag', doc.etag);
    c.header('Cache-Control', headers.cacheControl);
    if (doc.lastModified) c.header('Last-Modified', new Date(doc.lastModified).toUTCString());
    if (matches(c.req.header('if-none-match'), doc.etag)) return c.body(null, 304);
    c.header('Content-Type', headers.contentType);
    return c.body(doc.body);
  }
}

function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || tag === etag || tag === `W/${etag}`;
  });
}
