import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSite, type TestSite } from '../testing.js';

const TOKEN = 'metrics-token-for-tests-0123456789';

/** What @hono/node-server hands the app as its environment: the socket the request came on. */
const from = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress, remotePort: 50000, remoteFamily: remoteAddress.includes(':') ? 'IPv6' : 'IPv4' } } });

/** The value of one sample line, e.g. `name{a="b"} 3`; undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return undefined;
}

describe('/metrics', () => {
  let site: TestSite;
  let articleId: number;

  beforeAll(async () => {
    site = await createTestSite({ metricsToken: TOKEN });
    articleId = (await site.store.db.selectFrom('articles').select('id').orderBy('id').executeTakeFirstOrThrow()).id;
  });
  afterAll(() => site.close());

  const scrape = async () => {
    const res = await site.app.request('/metrics', {}, from('127.0.0.1'));
    expect(res.status).toBe(200);
    return res.text();
  };

  it('answers this machine and bearers of the token; anyone else, or a request relayed by a proxy, gets 403', async () => {
    const local = await site.app.request('/metrics', {}, from('127.0.0.1'));
    expect(local.status).toBe(200);
    expect(local.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect((await site.app.request('/metrics', {}, from('::1'))).status).toBe(200);
    expect((await site.app.request('/metrics', {}, from('::ffff:127.0.0.1'))).status).toBe(200);

    expect((await site.app.request('/metrics', {}, from('203.0.113.9'))).status).toBe(403);
    expect((await site.app.request('/metrics')).status).toBe(403);
    expect((await site.app.request('/metrics', { headers: { 'X-Forwarded-For': '203.0.113.9' } }, from('127.0.0.1'))).status).toBe(403);
    expect((await site.app.request('/metrics', { headers: { Forwarded: 'for=203.0.113.9' } }, from('127.0.0.1'))).status).toBe(403);

    const bearer = (token: string) => ({ headers: { Authorization: `Bearer ${token}` } });
    expect((await site.app.request('/metrics', bearer(TOKEN), from('203.0.113.9'))).status).toBe(200);
    expect((await site.app.request('/metrics', bearer(`${TOKEN}x`), from('203.0.113.9'))).status).toBe(403);
    expect((await site.app.request('/metrics', bearer(''), from('203.0.113.9'))).status).toBe(403);
  });

  it('refuses every token when none is configured', async () => {
    const bare = await createTestSite({ demo: false });
    try {
      expect((await bare.app.request('/metrics', { headers: { Authorization: 'Bearer anything-at-all-here' } }, from('198.51.100.1'))).status).toBe(403);
      expect((await bare.app.request('/metrics', { headers: { Authorization: 'Bearer ' } }, from('198.51.100.1'))).status).toBe(403);
    } finally {
      await bare.close();
    }
  });

  it('counts requests by route pattern and status, with a latency histogram', async () => {
    const before = await scrape();
    const count = (text: string, route: string, status: string) => sample(text, 'redian_http_requests_total', { route, method: 'GET', status }) ?? 0;
    await site.app.request(`/a/${articleId}`);
    await site.app.request(`/a/${articleId}`);
    await site.app.request('/a/999999');
    await site.app.request('/no/such/page');
    await site.app.request('/feed.xml');
    const after = await scrape();
    expect(count(after, '/a/:id', '200') - count(before, '/a/:id', '200')).toBe(2);
    expect(count(after, '/a/:id', '404') - count(before, '/a/:id', '404')).toBe(1);
    expect(count(after, 'unmatched', '404') - count(before, 'unmatched', '404')).toBe(1);
    expect(count(after, '/feed.xml', '200') - count(before, '/feed.xml', '200')).toBe(1);
    // Raw paths never become labels.
    expect(after).not.toContain(`/a/${articleId}"`);
    expect(sample(after, 'redian_http_request_duration_seconds_count', { route: '/a/:id' })).toBeGreaterThanOrEqual(2);
    expect(sample(after, 'redian_http_request_duration_seconds_bucket', { route: '/a/:id', le: '+Inf' })).toBe(
      sample(after, 'redian_http_request_duration_seconds_count', { route: '/a/:id' }),
    );
  });

  it('shows reads not yet written, fetches by source and outcome, and process metrics', async () => {
    await site.services.views.record(articleId, 'visitor-metrics-1');
    await site.services.views.record(articleId, 'visitor-metrics-2');
    const buffered = site.services.views.bufferedTotal();
    expect(buffered).toBeGreaterThan(0);
    expect(sample(await scrape(), 'redian_views_buffered')).toBe(site.services.views.bufferedTotal());
    await site.services.views.flush();
    expect(sample(await scrape(), 'redian_views_buffered')).toBe(0);

    // A source on a loopback address: the fetch guard refuses it, so the run fails.
    const source = await site.services.sources.add({ feedUrl: 'http://127.0.0.1:9/feed.xml', name: '本机源' });
    await site.services.ingest.scheduler.runNow([source.id]);
    const text = await scrape();
    expect(sample(text, 'redian_source_fetches_total', { source: source.slug, outcome: 'failed' })).toBe(1);
    expect(sample(text, 'redian_process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(sample(text, 'redian_nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(text).toContain('# TYPE redian_errors_total counter');
  });
});
