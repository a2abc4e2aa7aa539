import type { Agent, Dispatcher } from 'undici';
import { RedianError, isRedianError } from '../../errors.js';
import { assertAddressAllowed, parseIpLiteral } from './address-policy.js';
import { ACCEPT_ENCODING, discardBody, readBody, type BodyLimit } from './body.js';
import type { ConnectorDeps } from './guarded-connector.js';
import { Politeness, type PolitenessOptions } from './politeness.js';
import { RobotsCache, type RobotsCacheOptions, type RobotsResponse } from './robots-cache.js';

export const FETCH_DEFAULTS = {
  maxBytes: 15 * 1024 * 1024,
  timeoutMs: 20_000,
  maxRedirects: 5,
  accept: '*/*',
  userAgent: 'Redian/0.1 (+https://github.com/redian; news aggregator)',
} as const;

// Google reads the first 500 KiB of a robots.txt; so do we, and ignore the rest.
const ROBOTS_MAX_BYTES = 500 * 1024;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export interface FetchOptions {
  /** From the previous response: sent as If-None-Match; a 304 answers 'not-modified'. */
  etag?: string;
  /** From the previous response: sent as If-Modified-Since. */
  lastModified?: string;
  accept?: string;
  /** Largest body accepted, counted after decompression (default 15 MiB). */
  maxBytes?: number;
  /** For the whole fetch, redirects and body included, from the first request on (default 20 s). */
  timeoutMs?: number;
  /** Tests only: lets a server on 127.0.0.1 / ::1 be fetched. Private ranges stay refused. */
  allowLoopback?: boolean;
  /** Check robots.txt before each request (default true); a source may turn it off. */
  respectRobots?: boolean;
}

export type FetchResult =
  | {
      status: 'ok';
      /** The URL after redirects, without a fragment. */
      finalUrl: string;
      body: Buffer;
      contentType: string | undefined;
      etag: string | undefined;
      lastModified: string | undefined;
    }
  | { status: 'not-modified' };

export interface FetcherConfig extends ConnectorDeps {
  userAgent?: string;
  politeness?: PolitenessOptions;
  robots?: RobotsCacheOptions;
}

type Outcome = FetchResult | { status: 'http-error'; httpStatus: number; url: string };
type Step = { outcome: Outcome } | { location: string };

/**
 * Fetches feeds and pages safely and politely: only public addresses (checked on the address
 * actually dialled, on every redirect hop), bounded size and time, conditional GET, robots.txt,
 * and per-host and global concurrency limits. One instance per process shares those limits.
 */
export class Fetcher {
  readonly #userAgent: string;
  readonly #connectorDeps: ConnectorDeps;
  readonly #politeness: Politeness;
  readonly #robots: RobotsCache;
  // One agent per policy: a pooled connection opened under allowLoopback must never serve a strict fetch.
  readonly #agents = new Map<boolean, Agent>();

  constructor(config: FetcherConfig = {}) {
    this.#userAgent = config.userAgent ?? FETCH_DEFAULTS.userAgent;
    this.#connectorDeps = { lookup: config.lookup, connect: config.connect };
    this.#politeness = new Politeness(config.politeness);
    this.#robots = new RobotsCache(config.robots);
  }

  /**
   * GETs `url`, following up to 5 redirects. Throws RedianError: FETCH_BAD_URL, FETCH_BLOCKED_ADDRESS,
   * ROBOTS_DISALLOWED, FETCH_TOO_LARGE, FETCH_TIMEOUT, FETCH_HTTP_STATUS (≥ 400, and 3xx that
   * cannot be followed), FETCH_TOO_MANY_REDIRECTS or FETCH_FAILED.
   */
  async fetchResource(url: string | URL, options: FetchOptions = {}): Promise<FetchResult> {
    const outcome = await this.#fetch(url, options, 'throw');
    if (outcome.status === 'http-error') {
      throw new RedianError('FETCH_HTTP_STATUS', `HTTP ${outcome.httpStatus} from ${outcome.url}`);
    }
    return outcome;
  }

  /** Whether robots.txt of the URL's origin lets Redian fetch it (fetched and cached as needed). */
  async isAllowedByRobots(url: string | URL, options: Pick<FetchOptions, 'allowLoopback' | 'timeoutMs'> = {}): Promise<boolean> {
    return this.#robots.isAllowed(parseFetchUrl(url), (robotsUrl) => this.#loadRobots(robotsUrl, options));
  }

  async close(): Promise<void> {
    const agents = [...this.#agents.values()];
    this.#agents.clear();
    await Promise.all(agents.map((agent) => agent.close()));
  }

  async #fetch(url: string | URL, options: FetchOptions, overflow: BodyLimit['overflow']): Promise<Outcome> {
    const start = parseFetchUrl(url);
    const deadline = new Deadline(options.timeoutMs ?? FETCH_DEFAULTS.timeoutMs);
    try {
      return await Promise.race([this.#follow(start, options, overflow, deadline), deadline.expired]);
    } finally {
      deadline.clear();
    }
  }

  async #follow(start: URL, options: FetchOptions, overflow: BodyLimit['overflow'], deadline: Deadline): Promise<Outcome> {
    const allowLoopback = options.allowLoopback ?? false;
    let url = start;
    for (let redirects = 0; ; redirects++) {
      // A literal address is refused before anything is sent, its robots.txt included.
      const literal = parseIpLiteral(url.hostname);
      if (literal !== undefined) assertAddressAllowed(literal, { allowLoopback }, url.hostname);
      if ((options.respectRobots ?? true) && !(await this.isAllowedByRobots(url, { allowLoopback, timeoutMs: options.timeoutMs }))) {
        throw new RedianError('ROBOTS_DISALLOWED', url.href);
      }
      const step = await this.#politeness.run(url.hostname, () => {
        // Time spent queueing for the first request is not the server's fault; from here on it counts.
        deadline.start();
        deadline.signal.throwIfAborted();
        return this.#exchange(url, options, overflow, deadline.signal);
      });
      if ('outcome' in step) return step.outcome;
      if (redirects === FETCH_DEFAULTS.maxRedirects) {
        throw new RedianError('FETCH_TOO_MANY_REDIRECTS', `more than ${FETCH_DEFAULTS.maxRedirects} from ${start.href}`);
      }
      url = parseFetchUrl(step.location, url);
    }
  }

  async #exchange(url: URL, options: FetchOptions, overflow: BodyLimit['overflow'], signal: AbortSignal): Promise<Step> {
    const headers: Record<string, string> = {
      'user-agent': this.#userAgent,
      accept: options.accept ?? FETCH_DEFAULTS.accept,
      'accept-encoding': ACCEPT_ENCODING,
    };
    if (options.etag) headers['if-none-match'] = options.etag;
    if (options.lastModified) headers['if-modified-since'] = options.lastModified;

    const agent = await this.#agent(options.allowLoopback ?? false);
    let response: Dispatcher.ResponseData;
    try {
      response = await agent.request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: 'GET',
        headers,
        signal,
      });
    } catch (err) {
      throw transportError(err, url, signal);
    }

    const { statusCode, body } = response;
    const header = (name: string) => firstHeader(response.headers, name);
    const location = header('location');
    if (statusCode >= 300) {
      // Read (a little of) the unwanted body so the connection can be reused.
      await body.dump({ limit: 64 * 1024, signal }).catch(() => undefined);
      if (REDIRECT_STATUSES.has(statusCode) && location) return { location };
      if (statusCode === 304) return { outcome: { status: 'not-modified' } };
      return { outcome: { status: 'http-error', httpStatus: statusCode, url: url.href } };
    }

    const maxBytes = options.maxBytes ?? FETCH_DEFAULTS.maxBytes;
    const declared = Number(header('content-length'));
    if (overflow === 'throw' && declared > maxBytes) {
      discardBody(body);
      throw new RedianError('FETCH_TOO_LARGE', `${url.href} declares ${declared} bytes; the limit is ${maxBytes}`);
    }
    let data: Buffer;
    try {
      data = await readBody(body, header('content-encoding'), { maxBytes, overflow }, signal);
    } catch (err) {
      throw transportError(err, url, signal);
    }
    return {
      outcome: {
        status: 'ok',
        finalUrl: url.href,
        body: data,
        contentType: header('content-type'),
        etag: header('etag'),
        lastModified: header('last-modified'),
      },
    };
  }

  async #loadRobots(robotsUrl: string, options: Pick<FetchOptions, 'allowLoopback' | 'timeoutMs'>): Promise<RobotsResponse> {
    try {
      const outcome = await this.#fetch(
        robotsUrl,
        { ...options, accept: 'text/plain', maxBytes: ROBOTS_MAX_BYTES, respectRobots: false },
        'truncate',
      );
      if (outcome.status === 'ok') return { status: 200, text: outcome.body.toString('utf8') };
      if (outcome.status === 'http-error') return { status: outcome.httpStatus, text: '' };
      return { failure: 'unreachable' };
    } catch (err) {
      // Every URL of a refused origin would be refused too: say so, rather than "disallowed by robots".
      if (isRedianError(err, 'FETCH_BLOCKED_ADDRESS')) throw err;
      return { failure: isRedianError(err, 'FETCH_TOO_MANY_REDIRECTS') ? 'unavailable' : 'unreachable' };
    }
  }

  async #agent(allowLoopback: boolean): Promise<Agent> {
    let agent = this.#agents.get(allowLoopback);
    if (!agent) {
      const { Agent, guardedConnector } = await httpClient();
      // Another fetch may have made it while the modules loaded.
      agent = this.#agents.get(allowLoopback);
      if (agent) return agent;
      agent = new Agent({ connect: guardedConnector({ allowLoopback }, this.#connectorDeps) });
      this.#agents.set(allowLoopback, agent);
    }
    return agent;
  }
}

let client: Promise<{ Agent: typeof Agent; guardedConnector: typeof import('./guarded-connector.js').guardedConnector }> | undefined;

/**
 * undici, loaded on the first fetch: the services (and so every CLI command) create a
 * Fetcher, and most commands never fetch.
 */
function httpClient() {
  client ??= Promise.all([import('undici'), import('./guarded-connector.js')]).then(([u, g]) => ({ Agent: u.Agent, guardedConnector: g.guardedConnector }));
  return client;
}

/** Parses a URL (relative to `base`, for redirects) that may be fetched; throws FETCH_BAD_URL. */
export function parseFetchUrl(input: string | URL, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(input, base);
  } catch {
    throw new RedianError('FETCH_BAD_URL', String(input));
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new RedianError('FETCH_BAD_URL', url.href);
  // undici would drop them silently; a feed needing credentials is refused openly instead.
  if (url.username || url.password) throw new RedianError('FETCH_BAD_URL', `${url.origin}: credentials in the URL`);
  url.hash = '';
  return url;
}

function firstHeader(headers: Dispatcher.ResponseData['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

const UNDICI_TIMEOUTS = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

function transportError(err: unknown, url: URL, signal: AbortSignal): unknown {
  if (isRedianError(err)) return err;
  if (signal.aborted) return signal.reason;
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && UNDICI_TIMEOUTS.has(code)) return new RedianError('FETCH_TIMEOUT', url.href, { cause: err });
  const message = err instanceof Error ? err.message : String(err);
  return new RedianError('FETCH_FAILED', `${url.href}: ${message}`, { cause: err });
}

/** The time budget of one fetch: a promise that rejects with FETCH_TIMEOUT and a signal that aborts the I/O. */
class Deadline {
  readonly #ms: number;
  readonly #controller = new AbortController();
  #timer: NodeJS.Timeout | undefined;
  #expire: (err: RedianError) => void = () => undefined;
  readonly expired = new Promise<never>((_, reject) => {
    this.#expire = reject;
  });

  constructor(ms: number) {
    this.#ms = ms;
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  start(): void {
    this.#timer ??= setTimeout(() => {
      const err = new RedianError('FETCH_TIMEOUT', `no complete response within ${this.#ms} ms`);
      this.#controller.abort(err);
      this.#expire(err);
    }, this.#ms);
  }

  clear(): void {
    clearTimeout(this.#timer);
  }
}

let shared: Fetcher | undefined;

/** The process-wide fetcher, so every caller shares one set of politeness limits and one robots cache. */
export function defaultFetcher(): Fetcher {
  return (shared ??= new Fetcher());
}

export function fetchResource(url: string | URL, options?: FetchOptions): Promise<FetchResult> {
  return defaultFetcher().fetchResource(url, options);
}

export function isAllowedByRobots(url: string | URL, options?: Pick<FetchOptions, 'allowLoopback' | 'timeoutMs'>): Promise<boolean> {
  return defaultFetcher().isAllowedByRobots(url, options);
}
