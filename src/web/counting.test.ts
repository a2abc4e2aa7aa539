import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VisitorIds } from '../audience/visitor-id.js';
import { createTestSite, fetchPage, type TestSite, TEST_SITE_URL, textOf } from './testing.js';
import { VISITOR_COOKIE } from './visitor.js';

const BROWSER = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36';
const BOTS = [
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)',
  'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
  'Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)',
  'Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/50.0.2661.102 Safari/537.36; 360Spider',
  'Mozilla/5.0 (Linux; Android 5.0) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36 (compatible; Bytespider; spider-feedback@bytedance.com)',
  'curl/8.5.0',
  'Wget/1.21.4',
  'python-requests/2.31.0',
  'Go-http-client/1.1',
  '',
];

let site: TestSite;
let articleId: number;
let otherId: number;
beforeAll(async () => {
  site = await createTestSite();
  const rows = await site.store.db.selectFrom('articles').select('id').where('status', '=', 'published').orderBy('id').limit(2).execute();
  [articleId, otherId] = rows.map((r) => r.id) as [number, number];
});
afterAll(() => site.close());

const get = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
  site.app.request(path, { method, headers: { 'user-agent': BROWSER, ...headers } });
const count = async (id = articleId) => (await site.services.views.current(id))!;
/** The visitor cookie a response sets, as `rid=…`, or undefined. */
const issued = (res: Response) =>
  res.headers
    .getSetCookie()
    .find((c) => c.startsWith(`${VISITOR_COOKIE}=`))
    ?.split(';')[0];

describe('visitor ids', () => {
  it('issues a signed id in an HttpOnly, SameSite=Lax, Secure cookie for a year, and keeps it', async () => {
    const res = await get(`/a/${articleId}`);
    expect(res.status).toBe(200);
    const header = res.headers.getSetCookie().find((c) => c.startsWith(`${VISITOR_COOKIE}=`))!;
    expect(header).toMatch(/; Max-Age=31536000/);
    expect(header).toMatch(/; Path=\//);
    expect(header).toMatch(/; HttpOnly/);
    expect(header).toMatch(/; Secure/);
    expect(header).toMatch(/; SameSite=Lax/);
    const again = await get(`/a/${otherId}`, { cookie: issued(res)! });
    expect(issued(again)).toBeUndefined();
  });

  it.each([
    ['forged (right shape, wrong signature)', () => `${new VisitorIds('another site secret!').issue().cookie}`],
    ['oversized', () => 'A'.repeat(8000)],
    ['malformed', () => 'abc.def'],
    ['not base64', () => `${'!'.repeat(22)}.${'?'.repeat(22)}`],
    ['percent-garbage', () => '%E0%A4%A'],
    ['a valid id with its tag cut', (valid: string) => valid.slice(0, -1)],
  ])('replaces a %s cookie with a new id, never a 500', async (_name, make) => {
    const valid = issued(await get('/me/history'))!.slice(VISITOR_COOKIE.length + 1);
    const before = await count();
    const res = await get(`/a/${articleId}`, { cookie: `${VISITOR_COOKIE}=${make(valid)}` });
    expect(res.status).toBe(200);
    const fresh = issued(res);
    expect(fresh).toBeDefined();
    expect(fresh).not.toBe(`${VISITOR_COOKIE}=${make(valid)}`);
    // A new reader: the read counts.
    expect(await count()).toBe(before + 1);
  });
});

describe('view counting', () => {
  it('counts a reader once per article within 30 minutes', async () => {
    const first = await get(`/a/${articleId}`);
    const cookie = issued(first)!;
    const before = await count();
    await get(`/a/${articleId}`, { cookie });
    await get(`/a/${articleId}`, { cookie });
    expect(await count()).toBe(before);
    await get(`/a/${otherId}`, { cookie });
    const other = await count(otherId);
    await get(`/a/${otherId}`, { cookie });
    expect(await count(otherId)).toBe(other);
  });

  it('shows the count including reads not yet written', async () => {
    const before = await count();
    const { document } = await fetchPage(site, `/a/${articleId}`, { headers: { 'user-agent': BROWSER } });
    expect(textOf(document.querySelector('.reads'))).toBe(`${before + 1}人阅读`);
  });

  it.each(BOTS.map((ua) => [ua || '(empty)', ua]))('does not count the crawler or script %s', async (_name, ua) => {
    const before = await count();
    const res = await get(`/a/${articleId}`, { 'user-agent': ua });
    expect(res.status).toBe(200);
    expect(await count()).toBe(before);
  });

  it.each([
    ['HEAD', {}, 'HEAD'],
    ['Purpose: prefetch', { purpose: 'prefetch' }, 'GET'],
    ['Sec-Purpose: prefetch', { 'sec-purpose': 'prefetch' }, 'GET'],
    ['Sec-Purpose: prefetch;prerender', { 'sec-purpose': 'prefetch;prerender' }, 'GET'],
    ['X-Moz: prefetch', { 'x-moz': 'prefetch' }, 'GET'],
  ] as const)('does not count a %s request', async (_name, headers, method) => {
    const before = await count();
    const res = await get(`/a/${articleId}`, headers, method);
    expect(res.status).toBe(200);
    expect(await count()).toBe(before);
  });

  it('does not move the count beyond one under a flood from one visitor id', async () => {
    const cookie = issued(await get('/me/history'))!;
    const before = await count(otherId);
    const responses = await Promise.all(Array.from({ length: 500 }, () => get(`/a/${otherId}`, { cookie })));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(await count(otherId)).toBe(before + 1);
    await site.services.views.flush();
    expect(await count(otherId)).toBe(before + 1);
  });

  it('counts nothing for an article that does not exist', async () => {
    const res = await get('/a/99999999');
    expect(res.status).toBe(404);
  });
});

describe('清除阅读记录', () => {
  const readsOf = async (cookie: string) => {
    const id = await site.services.audience.visitorIds().then((ids) => ids.verify(cookie.slice(VISITOR_COOKIE.length + 1)));
    return site.store.db.selectFrom('visitor_reads').select('article_id').where('visitor_id', '=', id!).execute();
  };

  it('is linked from the footer of every page', async () => {
    const { document } = await fetchPage(site, '/');
    const link = [...document.querySelectorAll('footer a')].find((a) => textOf(a) === '清除阅读记录');
    expect(link?.getAttribute('href')).toBe('/me/history');
  });

  it('lists what this reader read, and clears it with a plain form POST, giving a new id', async () => {
    const cookie = issued(await get(`/a/${articleId}`))!;
    await get(`/a/${otherId}`, { cookie });
    await site.services.views.flush();
    expect(await readsOf(cookie)).toHaveLength(2);

    const page = await fetchPage(site, '/me/history', { headers: { cookie } });
    expect(page.res.headers.get('cache-control')).toContain('no-store');
    expect(page.document.querySelectorAll('.history .card')).toHaveLength(2);
    const form = page.document.querySelector('form.clear-history')!;
    expect(form.getAttribute('method')).toBe('post');
    expect(form.getAttribute('action')).toBe('/me/history/clear');

    const res = await site.app.request('/me/history/clear', {
      method: 'POST',
      headers: { cookie, origin: TEST_SITE_URL, 'sec-fetch-site': 'same-origin' },
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/me/history?cleared=1');
    const renewed = issued(res);
    expect(renewed).toBeDefined();
    expect(renewed).not.toBe(cookie);
    expect(await readsOf(cookie)).toHaveLength(0);

    const after = await fetchPage(site, '/me/history?cleared=1', { headers: { cookie: renewed! } });
    expect(textOf(after.document.querySelector('.notice-ok'))).toBe('阅读记录已清除。');
    expect(after.document.querySelectorAll('.history .card')).toHaveLength(0);
    // The new id is a new reader: the same article counts again.
    const before = await count();
    await get(`/a/${articleId}`, { cookie: renewed! });
    expect(await count()).toBe(before + 1);
  });

  it.each([
    ['another site’s Origin', { origin: 'https://evil.example' }],
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site: same-site', { 'sec-fetch-site': 'same-site', origin: 'https://sub.news.test' }],
    ['Origin: null', { origin: 'null' }],
  ])('refuses a clear request from %s', async (_name, headers) => {
    const cookie = issued(await get(`/a/${articleId}`))!;
    await site.services.views.flush();
    const res = await site.app.request('/me/history/clear', { method: 'POST', headers: { cookie, ...headers } });
    expect(res.status).toBe(403);
    expect(issued(res)).toBeUndefined();
    expect(await readsOf(cookie)).toHaveLength(1);
  });

  it('does not clear on GET', async () => {
    const res = await site.app.request('/me/history/clear');
    expect(res.status).toBe(404);
  });
});
