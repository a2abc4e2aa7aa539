import { RobotsTxt } from './robots-txt.js';

/**
 * What fetching /robots.txt gave: a response with its status, or a failure. RFC 9309 calls a
 * robots.txt "unavailable" (4xx, too many redirects: crawl everything) or "unreachable" (5xx,
 * network errors: crawl nothing for now).
 */
export type RobotsResponse = { status: number; text: string } | { failure: 'unavailable' | 'unreachable' };

export type RobotsLoader = (robotsUrl: string) => Promise<RobotsResponse>;

export interface RobotsCacheOptions {
  /** How long a fetched (or absent) robots.txt is trusted. */
  ttlMs?: number;
  /** How long an unreachable robots.txt keeps its origin closed before it is asked again. */
  retryMs?: number;
  /** Origins remembered at most; the oldest is forgotten first. */
  maxOrigins?: number;
  now?: () => number;
}

export const ROBOTS_CACHE_DEFAULTS = { ttlMs: 60 * 60 * 1000, retryMs: 5 * 60 * 1000, maxOrigins: 2000 } as const;

interface Entry {
  expiresAt: number;
  robots: Promise<RobotsTxt>;
}

/** The robots.txt of each origin, fetched once per TTL however many requests ask at the same time. */
export class RobotsCache {
  readonly #ttlMs: number;
  readonly #retryMs: number;
  readonly #maxOrigins: number;
  readonly #now: () => number;
  readonly #entries = new Map<string, Entry>();

  constructor(options: RobotsCacheOptions = {}) {
    this.#ttlMs = options.ttlMs ?? ROBOTS_CACHE_DEFAULTS.ttlMs;
    this.#retryMs = options.retryMs ?? ROBOTS_CACHE_DEFAULTS.retryMs;
    this.#maxOrigins = options.maxOrigins ?? ROBOTS_CACHE_DEFAULTS.maxOrigins;
    this.#now = options.now ?? Date.now;
  }

  /** Whether the robots.txt of `url`'s origin lets Redian fetch it; `load` fetches it when not cached. */
  async isAllowed(url: URL, load: RobotsLoader): Promise<boolean> {
    const robots = await this.#robotsFor(url.origin, load);
    return robots.isAllowed(`${url.pathname}${url.search}`);
  }

  #robotsFor(origin: string, load: RobotsLoader): Promise<RobotsTxt> {
    const cached = this.#entries.get(origin);
    if (cached && cached.expiresAt > this.#now()) return cached.robots;
    this.#entries.delete(origin);
    if (this.#entries.size >= this.#maxOrigins) this.#entries.delete(this.#entries.keys().next().value!);

    const robots = load(`${origin}/robots.txt`).then(
      (response) => {
        const verdict = this.#interpret(response);
        entry.expiresAt = this.#now() + verdict.ttlMs;
        return verdict.robots;
      },
      (err: unknown) => {
        // The loader only throws for what no robots.txt could answer (a refused address): not cached.
        if (this.#entries.get(origin) === entry) this.#entries.delete(origin);
        throw err;
      },
    );
    // A pending entry never expires, so concurrent callers share one fetch.
    const entry: Entry = { expiresAt: Infinity, robots };
    this.#entries.set(origin, entry);
    return entry.robots;
  }

  #interpret(response: RobotsResponse): { robots: RobotsTxt; ttlMs: number } {
    if ('failure' in response) {
      return response.failure === 'unavailable'
        ? { robots: RobotsTxt.allowAll, ttlMs: this.#ttlMs }
        : { robots: RobotsTxt.disallowAll, ttlMs: this.#retryMs };
    }
    const { status } = response;
    if (status >= 200 && status < 300) return { robots: RobotsTxt.parse(response.text), ttlMs: this.#ttlMs };
    // 429 means "slow down", not "no robots.txt": Google treats it as a server error.
    if (status >= 400 && status < 500 && status !== 429) return { robots: RobotsTxt.allowAll, ttlMs: this.#ttlMs };
    return { robots: RobotsTxt.disallowAll, ttlMs: this.#retryMs };
  }
}
