import { createHash, randomBytes } from 'node:crypto';
import { TtlCache } from '../cache/ttl-cache.js';
import { RedianError, isRedianError } from '../errors.js';
import { Fetcher } from '../ingest/fetch/index.js';
import type { Logger } from '../log.js';
import { type CachedImage, DiskCache } from './disk-cache.js';
import { signImageUrl, verifyImagePath } from './sign.js';
import { detectRasterType } from './sniff.js';

export const IMAGE_PROXY_DEFAULTS = {
  cacheMaxBytes: 512 * 1024 * 1024,
  maxBytes: 10 * 1024 * 1024,
  timeoutMs: 15_000,
  accept: 'image/avif,image/webp,image/png,image/jpeg,image/gif,image/*;q=0.8',
} as const;

// An origin that failed is not asked again for a minute, however many readers load the page.
const FAILURE_TTL_MS = 60_000;
const FAILURE_ENTRIES = 5000;

export interface ImageProxyOptions {
  /** Signs image URLs; unset, a random one per process (so every web node needs the same one set). */
  secret?: string;
  cacheDir: string;
  cacheMaxBytes?: number;
  /** Our own public URL: images on its host are linked directly, not proxied. */
  siteUrl?: string;
  /** Defaults to one of its own: a page's images are fetched together, not spaced out like a crawl. */
  fetcher?: Fetcher;
  /** Tests only: lets an image server on 127.0.0.1 be fetched. */
  allowLoopback?: boolean;
  maxBytes?: number;
  timeoutMs?: number;
  logger?: Logger;
}

export type ProxiedImage = CachedImage;

/**
 * Serves other sites' images from our origin, since many Chinese sites refuse hotlinks.
 * Only URLs we signed are fetched, through the safe Fetcher (no Referer, public addresses
 * only, bounded size and time); only raster images, recognised by their bytes, are passed
 * on; each is kept on disk, and readers asking at once for one image share one fetch.
 */
export class ImageProxy {
  readonly #secret: string;
  readonly #siteHost: string | undefined;
  readonly #fetcher: Fetcher;
  readonly #ownsFetcher: boolean;
  readonly #allowLoopback: boolean;
  readonly #maxBytes: number;
  readonly #timeoutMs: number;
  readonly #logger: Logger | undefined;
  readonly #cache: DiskCache;
  readonly #inflight = new Map<string, Promise<ProxiedImage>>();
  readonly #failures = new TtlCache<string, RedianError>(FAILURE_TTL_MS, FAILURE_ENTRIES);

  constructor(options: ImageProxyOptions) {
    this.#secret = options.secret ?? randomBytes(32).toString('base64url');
    this.#siteHost = options.siteUrl ? new URL(options.siteUrl).host : undefined;
    this.#ownsFetcher = options.fetcher === undefined;
    // Like a browser loading a page: several images of one host at once, no crawl delay.
    this.#fetcher = options.fetcher ?? new Fetcher({ politeness: { perHost: 6, global: 32, hostDelayMs: 0 } });
    this.#allowLoopback = options.allowLoopback ?? false;
    this.#maxBytes = options.maxBytes ?? IMAGE_PROXY_DEFAULTS.maxBytes;
    this.#timeoutMs = options.timeoutMs ?? IMAGE_PROXY_DEFAULTS.timeoutMs;
    this.#logger = options.logger;
    this.#cache = new DiskCache({
      dir: options.cacheDir,
      maxBytes: options.cacheMaxBytes ?? IMAGE_PROXY_DEFAULTS.cacheMaxBytes,
      onError: (err, what) => this.#logger?.warn({ err }, what),
    });
  }

  /**
   * What an `<img src>` should say for `url`: a signed /img/ path for an absolute http(s)
   * URL of another host, the URL itself otherwise (our own and root-relative images).
   */
  src(url: string): string {
    if (!/^https?:\/\//i.test(url)) return url;
    let host: string;
    try {
      host = new URL(url).host;
    } catch {
      return url;
    }
    return host === this.#siteHost ? url : signImageUrl(url, this.#secret);
  }

  /**
   * Points every `<img src>` of sanitized HTML at the proxy. Relies on sanitize-html's
   * output: attributes double-quoted with `"`, `<` and `>` escaped inside them, so every
   * literal `<img` is a tag and every `src="` in it is its source.
   */
  rewriteHtml(html: string): string {
    return html.replace(/<img\b[^>]*>/gi, (tag) =>
      tag.replace(/(\ssrc=")([^"]*)(")/i, (whole, open: string, value: string, close: string) => {
        const url = decodeAttribute(value);
        const src = this.src(url);
        return src === url ? whole : `${open}${src}${close}`;
      }),
    );
  }

  /**
   * The image behind a signed `/img/<sig>/<url>` path. Throws RedianError: IMAGE_BAD_SIGNATURE,
   * IMAGE_NOT_RASTER, IMAGE_TOO_LARGE, IMAGE_NOT_FOUND or IMAGE_UNAVAILABLE.
   */
  async get(signedPath: string): Promise<ProxiedImage> {
    const url = verifyImagePath(signedPath, this.#secret);
    const key = createHash('sha256').update(url).digest('hex');
    const failed = this.#failures.get(key);
    if (failed) throw failed;
    let pending = this.#inflight.get(key);
    if (!pending) {
      pending = this.#load(key, url).finally(() => this.#inflight.delete(key));
      this.#inflight.set(key, pending);
    }
    return pending;
  }

  async close(): Promise<void> {
    if (this.#ownsFetcher) await this.#fetcher.close();
  }

  async #load(key: string, url: string): Promise<ProxiedImage> {
    const cached = await this.#cache.get(key);
    if (cached) return cached;
    let image: ProxiedImage;
    try {
      image = await this.#fetch(url);
    } catch (err) {
      const failure = imageError(err, url);
      this.#logger?.debug({ url, error: failure.message }, 'image not proxied');
      this.#failures.set(key, failure);
      throw failure;
    }
    // Written before answering, so the next request for it is a hit.
    await this.#cache.put(key, image);
    return image;
  }

  async #fetch(url: string): Promise<ProxiedImage> {
    const res = await this.#fetcher.fetchResource(url, {
      accept: IMAGE_PROXY_DEFAULTS.accept,
      maxBytes: this.#maxBytes,
      timeoutMs: this.#timeoutMs,
      allowLoopback: this.#allowLoopback,
      // A reader's browser would load it without asking robots.txt; we stand in for the browser.
      respectRobots: false,
    });
    if (res.status !== 'ok') throw new RedianError('IMAGE_UNAVAILABLE', `${url} answered without a body`);
    const contentType = detectRasterType(res.body);
    if (!contentType) throw new RedianError('IMAGE_NOT_RASTER', `${url} (declared ${res.contentType ?? 'no type'})`);
    return { body: res.body, contentType };
  }
}

/** The fetcher's errors, as the proxy's. */
function imageError(err: unknown, url: string): RedianError {
  if (isRedianError(err) && err.code.startsWith('IMAGE_')) return err;
  if (isRedianError(err, 'FETCH_TOO_LARGE')) return new RedianError('IMAGE_TOO_LARGE', url, { cause: err });
  // The fetcher says "HTTP <status> from <url>"; only a gone image is a 404 of ours.
  if (isRedianError(err, 'FETCH_HTTP_STATUS') && /\bHTTP (404|410)\b/.test(err.message)) {
    return new RedianError('IMAGE_NOT_FOUND', url, { cause: err });
  }
  const reason = isRedianError(err) ? err.code : err instanceof Error ? err.message : String(err);
  return new RedianError('IMAGE_UNAVAILABLE', `${url}: ${reason}`, { cause: err });
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** An attribute value as sanitize-html escapes it, unescaped. */
function decodeAttribute(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}
