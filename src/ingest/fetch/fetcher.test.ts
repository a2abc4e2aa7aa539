import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { brotliCompressSync, createGzip, deflateSync, gzipSync } from 'node:zlib';
import { buildConnector } from 'undici';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Fetcher, FETCH_DEFAULTS, type FetchOptions, type FetcherConfig } from './fetcher.js';
import type { LookupFn } from './guarded-connector.js';

const MiB = 1024 * 1024;

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

// One local server for the file; each test installs the routes it needs.
let server: Server;
let port: number;
let base: string;
let routes: Map<string, Handler>;
let hits: Map<string, number>;
let lastHeaders: IncomingMessage['headers'] | undefined;

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    hits.set(path, (hits.get(path) ?? 0) + 1);
    if (path !== '/robots.txt') lastHeaders = req.headers;
    const handler = routes.get(path);
    if (handler) handler(req, res);
    else res.writeHead(404).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const fetchers: Fetcher[] = [];
beforeEach(() => {
  routes = new Map();
  hits = new Map();
  lastHeaders = undefined;
});
afterEach(async () => {
  await Promise.all(fetchers.splice(0).map((f) => f.close()));
});

function newFetcher(config: FetcherConfig = {}): Fetcher {
  const fetcher = new Fetcher({ politeness: { hostDelayMs: 0 }, ...config });
  fetchers.push(fetcher);
  return fetcher;
}

// Tests opt in to loopback explicitly; robots.txt is only consulted where a test is about it.
const local: FetchOptions = { allowLoopback: true, respectRobots: false };

function route(path: string, handler: Handler): void {
  routes.set(path, handler);
}

function redirect(from: string, to: string, status = 302): void {
  route(from, (_req, res) => res.writeHead(status, { location: to }).end());
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    return (err as { code?: string }).code ?? `not a RedianError: ${String(err)}`;
  }
  return 'resolved';
}

describe('fetchResource', () => {
  it('fetches a body with its content type, validators and final URL, sending our User-Agent', async () => {
    route('/feed.xml', (_req, res) =>
      res
        .writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: '"v1"', 'last-modified': 'Fri, 27 Nov 2026 08:00:00 GMT' })
        .end('<rss>新闻</rss>'),
    );
    const result = await newFetcher().fetchResource(`${base}/feed.xml#top`, { ...local, accept: 'application/rss+xml' });
    expect(result).toEqual({
      status: 'ok',
      finalUrl: `${base}/feed.xml`,
      body: Buffer.from('<rss>新闻</rss>'),
      contentType: 'application/rss+xml; charset=utf-8',
      etag: '"v1"',
      lastModified: 'Fri, 27 Nov 2026 08:00:00 GMT',
    });
    expect(lastHeaders?.['user-agent']).toBe(FETCH_DEFAULTS.userAgent);
    expect(lastHeaders?.['user-agent']).toMatch(/^Redian\/\d/);
    expect(lastHeaders?.accept).toBe('application/rss+xml');
    expect(lastHeaders?.['accept-encoding']).toBe('gzip, deflate, br');
    expect(lastHeaders?.['if-none-match']).toBeUndefined();
  });

  it('answers not-modified to a conditional GET with an ETag', async () => {
    route('/feed', (req, res) => {
      if (req.headers['if-none-match'] === '"v1"') res.writeHead(304).end();
      else res.writeHead(200, { etag: '"v1"' }).end('body');
    });
    const fetcher = newFetcher();
    const first = await fetcher.fetchResource(`${base}/feed`, local);
    expect(first).toMatchObject({ status: 'ok', etag: '"v1"' });
    await expect(fetcher.fetchResource(`${base}/feed`, { ...local, etag: '"v1"' })).resolves.toEqual({ status: 'not-modified' });
  });

  it('answers not-modified to a conditional GET with Last-Modified', async () => {
    const stamp = 'Fri, 27 Nov 2026 08:00:00 GMT';
    route('/feed', (req, res) => {
      if (req.headers['if-modified-since'] === stamp) res.writeHead(304).end();
      else res.writeHead(200, { 'last-modified': stamp }).end('body');
    });
    await expect(newFetcher().fetchResource(`${base}/feed`, { ...local, lastModified: stamp })).resolves.toEqual({ status: 'not-modified' });
  });

  it('throws FETCH_HTTP_STATUS with the status for 4xx and 5xx', async () => {
    route('/broken', (_req, res) => res.writeHead(500).end('oops'));
    const fetcher = newFetcher();
    await expect(fetcher.fetchResource(`${base}/broken`, local)).rejects.toMatchObject({
      code: 'FETCH_HTTP_STATUS',
      message: expect.stringContaining(`HTTP 500 from ${base}/broken`),
    });
    await expect(fetcher.fetchResource(`${base}/missing`, local)).rejects.toThrow('HTTP 404');
  });

  it('follows relative and absolute redirects, including 301, 303, 307 and 308', async () => {
    redirect('/a', '/b', 301);
    redirect('/b', `${base}/c`, 303);
    redirect('/c', 'd', 307);
    redirect('/d', '/final?x=1', 308);
    route('/final', (_req, res) => res.end('done'));
    const result = await newFetcher().fetchResource(`${base}/a`, local);
    expect(result).toMatchObject({ status: 'ok', finalUrl: `${base}/final?x=1` });
    expect(result.status === 'ok' && result.body.toString()).toBe('done');
  });

  it('throws FETCH_TOO_MANY_REDIRECTS on a loop, after following five', async () => {
    redirect('/loop', '/loop');
    expect(await codeOf(newFetcher().fetchResource(`${base}/loop`, local))).toBe('FETCH_TOO_MANY_REDIRECTS');
    expect(hits.get('/loop')).toBe(6);
    for (let i = 0; i < 5; i++) redirect(`/hop${i}`, `/hop${i + 1}`);
    route('/hop5', (_req, res) => res.end('five redirects are fine'));
    await expect(newFetcher().fetchResource(`${base}/hop0`, local)).resolves.toMatchObject({ status: 'ok' });
  });

  it('refuses URLs that are not http(s), carry credentials, or redirect to such', async () => {
    const fetcher = newFetcher();
    for (const url of ['ftp://example.com/feed', 'not a url', 'file:///etc/passwd', `http://user:pw@127.0.0.1:${port}/`]) {
      expect(await codeOf(fetcher.fetchResource(url, local)), url).toBe('FETCH_BAD_URL');
    }
    redirect('/to-file', 'file:///etc/passwd');
    expect(await codeOf(fetcher.fetchResource(`${base}/to-file`, local))).toBe('FETCH_BAD_URL');
  });

  it('throws FETCH_FAILED when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(newFetcher().fetchResource(`http://127.0.0.1:${closedPort}/`, local)).rejects.toMatchObject({ code: 'FETCH_FAILED' });
  });
});

describe('the address guard', () => {
  // A fake internet: names resolve through this table, and the transport records the address it
  // was asked to dial but always connects to the local test server. No packet leaves loopback.
  const PUBLIC = '93.184.215.14';
  const DNS: Record<string, string[]> = {
    'news.test': [PUBLIC],
    'intranet.test': ['10.0.0.5'],
    'rebind.test': [PUBLIC, '10.0.0.1'],
    localhost: ['127.0.0.1', '::1'],
  };
  let lookedUp: string[];
  let dialled: string[];
  const lookup: LookupFn = async (host) => {
    lookedUp.push(host);
    const addresses = DNS[host];
    if (!addresses) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  const realConnect = buildConnector({});
  const toTestServer: buildConnector.connector = (options, callback) => {
    dialled.push(options.hostname);
    realConnect({ ...options, hostname: '127.0.0.1', port: String(port) }, callback);
  };
  const strict: FetchOptions = { respectRobots: false };

  beforeEach(() => {
    lookedUp = [];
    dialled = [];
    route('/ok', (_req, res) => res.end(`host ${_req.headers.host}`));
  });

  it('dials the address it checked and sends the original Host', async () => {
    const result = await newFetcher({ lookup, connect: toTestServer }).fetchResource(`http://news.test:${port}/ok`, strict);
    expect(result.status === 'ok' && result.body.toString()).toBe(`host news.test:${port}`);
    expect(lookedUp).toEqual(['news.test']);
    expect(dialled).toEqual([PUBLIC]);
  });

  it.each([
    ['loopback', () => `http://127.0.0.1:${port}/ok`],
    ['private', () => 'http://10.0.0.1/'],
    ['metadata', () => 'http://169.254.169.254/latest/meta-data'],
    ['a name resolving to a private address', () => 'http://intranet.test/'],
    ['a name resolving to a public and a private address', () => 'http://rebind.test/'],
    ['IPv4-mapped loopback', () => `http://[::ffff:127.0.0.1]:${port}/ok`],
  ])('refuses a redirect to %s before dialling it', async (_what, target) => {
    redirect('/go', target());
    const fetcher = newFetcher({ lookup, connect: toTestServer });
    expect(await codeOf(fetcher.fetchResource(`http://news.test:${port}/go`, strict))).toBe('FETCH_BLOCKED_ADDRESS');
    // The first hop was dialled; the refused one never was.
    expect(dialled).toEqual([PUBLIC]);
  });

  it.each(['2130706433', '0x7f000001', '0x7f.0.0.1', '0177.0.0.1', '127.1', '[::1]', '[::ffff:7f00:1]', 'localhost'])(
    'refuses loopback written as %s unless allowLoopback',
    async (host) => {
      const fetcher = newFetcher({ lookup, connect: toTestServer });
      expect(await codeOf(fetcher.fetchResource(`http://${host}:${port}/ok`, strict))).toBe('FETCH_BLOCKED_ADDRESS');
      expect(dialled).toEqual([]);
    },
  );

  it('allows loopback, and only loopback, with allowLoopback', async () => {
    const fetcher = newFetcher({ lookup, connect: toTestServer });
    await expect(fetcher.fetchResource(`http://localhost:${port}/ok`, { ...strict, allowLoopback: true })).resolves.toMatchObject({ status: 'ok' });
    redirect('/go', 'http://192.168.1.1/');
    expect(await codeOf(fetcher.fetchResource(`http://localhost:${port}/go`, { ...strict, allowLoopback: true }))).toBe('FETCH_BLOCKED_ADDRESS');
    expect(new Set(dialled)).toEqual(new Set(['127.0.0.1']));
  });

  it('does not reuse a loopback-allowed connection for a strict fetch', async () => {
    const fetcher = newFetcher({ lookup, connect: toTestServer });
    // A name, not a literal: only the connector can refuse it, so a shared pool would let it through.
    const url = `http://localhost:${port}/ok`;
    await expect(fetcher.fetchResource(url, { ...strict, allowLoopback: true })).resolves.toMatchObject({ status: 'ok' });
    expect(await codeOf(fetcher.fetchResource(url, strict))).toBe('FETCH_BLOCKED_ADDRESS');
  });

  it('reports a refused origin as blocked, not as disallowed by robots.txt', async () => {
    const fetcher = newFetcher({ lookup, connect: toTestServer });
    expect(await codeOf(fetcher.fetchResource('http://intranet.test/feed', { respectRobots: true }))).toBe('FETCH_BLOCKED_ADDRESS');
    expect(await codeOf(fetcher.fetchResource('http://10.0.0.1/feed', { respectRobots: true }))).toBe('FETCH_BLOCKED_ADDRESS');
    expect(dialled).toEqual([]);
  });
});

describe('https', () => {
  // A self-signed certificate for news.test only (testdata/, made with openssl, valid until 2126).
  const cert = readFileSync(new URL('./testdata/news.test.crt', import.meta.url));
  const key = readFileSync(new URL('./testdata/news.test.key', import.meta.url));
  const lookup: LookupFn = async () => [{ address: '127.0.0.1', family: 4 }];

  it('dials the checked address but verifies the certificate against the host name', async () => {
    const tls = createTlsServer({ cert, key }, (_req, res) => res.end('secure'));
    await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
    const tlsPort = (tls.address() as AddressInfo).port;
    try {
      const fetcher = newFetcher({ lookup, connect: buildConnector({ ca: cert }) });
      const result = await fetcher.fetchResource(`https://news.test:${tlsPort}/`, local);
      expect(result.status === 'ok' && result.body.toString()).toBe('secure');
      // The same server under a name the certificate does not carry is refused.
      await expect(fetcher.fetchResource(`https://127.0.0.1:${tlsPort}/`, local)).rejects.toMatchObject({
        code: 'FETCH_FAILED',
        message: expect.stringContaining("does not match certificate's altnames"),
      });
    } finally {
      tls.closeAllConnections();
      await new Promise<void>((resolve) => tls.close(() => resolve()));
    }
  });
});

describe('size limits', () => {
  it('cuts a gzip bomb off at the limit after decompression', async () => {
    const bomb = gzipSync(Buffer.alloc(20 * MiB));
    expect(bomb.length).toBeLessThan(100 * 1024);
    route('/bomb', (_req, res) => res.writeHead(200, { 'content-encoding': 'gzip', 'content-length': bomb.length }).end(bomb));
    const started = Date.now();
    await expect(newFetcher().fetchResource(`${base}/bomb`, local)).rejects.toMatchObject({ code: 'FETCH_TOO_LARGE' });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('stops reading an endless compressed stream at the limit and closes it', async () => {
    let closed: Promise<void> = Promise.resolve();
    route('/endless', (_req, res) => {
      closed = new Promise((resolve) => res.on('close', resolve));
      res.writeHead(200, { 'content-encoding': 'gzip' });
      const zeros = new Readable({ read() { this.push(Buffer.alloc(64 * 1024)); } });
      zeros.pipe(createGzip()).pipe(res);
      res.on('close', () => zeros.destroy());
    });
    await expect(newFetcher().fetchResource(`${base}/endless`, { ...local, maxBytes: MiB })).rejects.toMatchObject({ code: 'FETCH_TOO_LARGE' });
    await closed;
  });

  it('refuses a 16 MiB plain body, declared or streamed', async () => {
    const body = Buffer.alloc(16 * MiB, 'a');
    route('/declared', (_req, res) => res.writeHead(200, { 'content-length': body.length }).end(body));
    route('/chunked', (_req, res) => {
      res.writeHead(200);
      let sent = 0;
      const chunks = new Readable({
        read() {
          this.push(sent < 16 ? Buffer.alloc(MiB, 'a') : null);
          sent++;
        },
      });
      chunks.pipe(res);
    });
    const fetcher = newFetcher();
    await expect(fetcher.fetchResource(`${base}/declared`, local)).rejects.toThrow(/declares 16777216 bytes/);
    await expect(fetcher.fetchResource(`${base}/chunked`, local)).rejects.toMatchObject({ code: 'FETCH_TOO_LARGE' });
  });

  it('decodes gzip, deflate and br bodies, and accepts a body of exactly maxBytes', async () => {
    const text = '热点新闻 '.repeat(1000);
    route('/gzip', (_req, res) => res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(text)));
    route('/deflate', (_req, res) => res.writeHead(200, { 'content-encoding': 'deflate' }).end(deflateSync(text)));
    route('/br', (_req, res) => res.writeHead(200, { 'content-encoding': 'br' }).end(brotliCompressSync(text)));
    const fetcher = newFetcher();
    for (const path of ['/gzip', '/deflate', '/br']) {
      const result = await fetcher.fetchResource(`${base}${path}`, local);
      expect(result.status === 'ok' && result.body.toString(), path).toBe(text);
    }
    const size = Buffer.byteLength(text);
    await expect(fetcher.fetchResource(`${base}/gzip`, { ...local, maxBytes: size })).resolves.toMatchObject({ status: 'ok' });
    expect(await codeOf(fetcher.fetchResource(`${base}/gzip`, { ...local, maxBytes: size - 1 }))).toBe('FETCH_TOO_LARGE');
  });

  it('refuses unknown content codings and corrupt compressed bodies with FETCH_FAILED', async () => {
    route('/zstd', (_req, res) => res.writeHead(200, { 'content-encoding': 'zstd' }).end('xx'));
    route('/corrupt', (_req, res) => res.writeHead(200, { 'content-encoding': 'gzip' }).end('not gzip at all'));
    const fetcher = newFetcher();
    await expect(fetcher.fetchResource(`${base}/zstd`, local)).rejects.toThrow('unsupported content-encoding "zstd"');
    expect(await codeOf(fetcher.fetchResource(`${base}/corrupt`, local))).toBe('FETCH_FAILED');
  });
});

describe('timeouts', () => {
  it('throws FETCH_TIMEOUT when a server accepts and never answers', async () => {
    route('/hang', () => undefined);
    const started = Date.now();
    expect(await codeOf(newFetcher().fetchResource(`${base}/hang`, { ...local, timeoutMs: 300 }))).toBe('FETCH_TIMEOUT');
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(1500);
  });

  it('counts the body and every redirect in the same budget', async () => {
    route('/trickle', (_req, res) => {
      res.writeHead(200);
      res.write('start');
    });
    route('/slow-redirect', (_req, res) => setTimeout(() => res.writeHead(302, { location: '/slow-redirect' }).end(), 120));
    const fetcher = newFetcher();
    const started = Date.now();
    expect(await codeOf(fetcher.fetchResource(`${base}/trickle`, { ...local, timeoutMs: 300 }))).toBe('FETCH_TIMEOUT');
    expect(await codeOf(fetcher.fetchResource(`${base}/slow-redirect`, { ...local, timeoutMs: 300 }))).toBe('FETCH_TIMEOUT');
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('politeness', () => {
  it('never has more than two requests in flight to one host', async () => {
    let inFlight = 0;
    let peak = 0;
    route('/slow', (_req, res) => {
      peak = Math.max(peak, ++inFlight);
      setTimeout(() => {
        inFlight--;
        res.end('ok');
      }, 80);
    });
    const fetcher = newFetcher();
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => fetcher.fetchResource(`${base}/slow?i=${i}`, local)));
    expect(results.every((r) => r.status === 'ok')).toBe(true);
    expect(hits.get('/slow')).toBe(6);
    expect(peak).toBe(2);
  });
});

describe('robots.txt', () => {
  const options: FetchOptions = { allowLoopback: true };

  beforeEach(() => {
    route('/news', (_req, res) => res.end('news'));
    route('/private/page', (_req, res) => res.end('secret'));
  });

  it('is fetched once, cached, and respected', async () => {
    route('/robots.txt', (_req, res) => res.end('User-agent: *\nDisallow: /private\n\nUser-agent: redian\nDisallow: /private/\nAllow: /news\n'));
    redirect('/to-private', '/private/page');
    const fetcher = newFetcher();
    const results = await Promise.all([1, 2, 3].map((i) => fetcher.fetchResource(`${base}/news?i=${i}`, options)));
    expect(results.map((r) => r.status)).toEqual(['ok', 'ok', 'ok']);
    expect(await codeOf(fetcher.fetchResource(`${base}/private/page`, options))).toBe('ROBOTS_DISALLOWED');
    // Every hop is checked: a redirect into a disallowed path is refused too.
    expect(await codeOf(fetcher.fetchResource(`${base}/to-private`, options))).toBe('ROBOTS_DISALLOWED');
    expect(await fetcher.isAllowedByRobots(`${base}/news`, { allowLoopback: true })).toBe(true);
    expect(hits.get('/robots.txt')).toBe(1);
    expect(hits.get('/private/page')).toBeUndefined();
  });

  it('allows everything when robots.txt is missing', async () => {
    await expect(newFetcher().fetchResource(`${base}/private/page`, options)).resolves.toMatchObject({ status: 'ok' });
    expect(hits.get('/robots.txt')).toBe(1);
  });

  it('disallows everything for now when robots.txt answers 5xx', async () => {
    route('/robots.txt', (_req, res) => res.writeHead(503).end());
    expect(await codeOf(newFetcher().fetchResource(`${base}/news`, options))).toBe('ROBOTS_DISALLOWED');
    expect(hits.get('/news')).toBeUndefined();
  });

  it('disallows everything for now when robots.txt does not answer in time', async () => {
    route('/robots.txt', () => undefined);
    const started = Date.now();
    expect(await codeOf(newFetcher().fetchResource(`${base}/news`, { ...options, timeoutMs: 200 }))).toBe('ROBOTS_DISALLOWED');
    expect(Date.now() - started).toBeLessThan(1500);
    expect(hits.get('/news')).toBeUndefined();
  });

  it('reads only the first 500 KiB of a huge robots.txt', async () => {
    route('/robots.txt', (_req, res) => res.end(`User-agent: *\nDisallow: /private\n#${'x'.repeat(600 * 1024)}\nDisallow: /news\n`));
    const fetcher = newFetcher();
    await expect(fetcher.fetchResource(`${base}/news`, options)).resolves.toMatchObject({ status: 'ok' });
    expect(await codeOf(fetcher.fetchResource(`${base}/private/page`, options))).toBe('ROBOTS_DISALLOWED');
  });

  it('is not consulted when respectRobots is false', async () => {
    route('/robots.txt', (_req, res) => res.end('User-agent: *\nDisallow: /\n'));
    await expect(newFetcher().fetchResource(`${base}/news`, { ...options, respectRobots: false })).resolves.toMatchObject({ status: 'ok' });
    expect(hits.get('/robots.txt')).toBeUndefined();
  });
});
