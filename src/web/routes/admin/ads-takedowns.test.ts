import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingDay, dayLabel } from '../../../ads/day.js';
import { createTestSite, TEST_SITE_URL, type TestSite, textOf } from '../../testing.js';
import { type AdminClient, signIn } from './testing.js';

let site: TestSite;
let admin: AdminClient;
let editor: AdminClient;
beforeAll(async () => {
  site = await createTestSite();
  admin = await signIn(site, 'admin', 'root');
  editor = await signIn(site, 'editor', 'ed');
});
afterAll(() => site.close());

const adFields = (over: Record<string, string> = {}) => ({
  slot: 'article_bottom',
  kind: 'text',
  title: '控制台广告',
  body_text: '',
  image_url: '',
  link_url: 'https://ad.example/console',
  html: '',
  starts_at: '',
  ends_at: '',
  weight: '2',
  freq_cap: '',
  enabled: '1',
  ...over,
});

describe('/admin/ads', () => {
  it('is for admins only', async () => {
    expect((await editor.get('/admin/ads')).status).toBe(403);
    expect((await site.app.request('/admin/ads')).status).toBe(303);
    expect((await editor.post('/admin/ads', adFields())).status).toBe(403);
  });

  it('creates an ad from the form, shows it with its daily counts, audited', async () => {
    const tech = (await site.services.articles.category('tech'))!;
    const res = await admin.post('/admin/ads', { ...adFields({ starts_at: '2026-01-01T08:00', freq_cap: '3' }), category_ids: String(tech.id) });
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    const id = Number(/^\/admin\/ads\/(\d+)\?done=added$/.exec(location)![1]);
    const ad = await site.services.ads.get(id);
    expect(ad).toMatchObject({ title: '控制台广告', slot_key: 'article_bottom', weight: 2, freq_cap: 3, category_ids: [tech.id], starts_at: Date.UTC(2026, 0, 1, 0) });

    // Counted traffic shows on the list and the ad's page.
    site.services.ads.counter.add(id, 'impressions', 40);
    site.services.ads.counter.add(id, 'clicks', 2);
    site.services.ads.counter.add(id, 'closes', 1);
    await site.services.ads.flush();
    const list = await admin.page('/admin/ads');
    const row = list.document.querySelector(`tr[data-ad-id="${id}"]`)!;
    expect([...row.querySelectorAll('td.num')].map(textOf)).toEqual(['40', '2', '1', '5.0%']);
    const detail = await admin.page(`/admin/ads/${id}`);
    expect(detail.res.status).toBe(200);
    expect(detail.document.querySelector('input[name="starts_at"]')!.getAttribute('value')).toBe('2026-01-01T08:00');
    const today = [...detail.document.querySelectorAll('[data-testid="ad-daily"] tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map(textOf));
    expect(today).toEqual([[dayLabel(beijingDay(Date.now())), '40', '2', '1']]);
    expect(detail.document.querySelector('svg.chart-svg')).not.toBeNull();

    const entry = (await site.services.audit.list({ action: 'ad.create', target: `ad:${id}` }, 10)).entries[0]!;
    expect(entry.actor).toBe('root');
    expect(JSON.parse(entry.after_json!)).toMatchObject({ title: '控制台广告', link_url: 'https://ad.example/console' });
  });

  it.each([
    ['javascript:alert(document.cookie)', 'must use http or https, not javascript:'],
    ['data:text/html;base64,PHNjcmlwdD4=', 'must use http or https, not data:'],
  ])('refuses the link %s with the reason, keeping the form', async (link, reason) => {
    const before = (await site.services.ads.list()).length;
    const res = await admin.post('/admin/ads', adFields({ link_url: link, title: '坏链接' }));
    expect(res.status).toBe(400);
    const { parseHTML } = await import('linkedom');
    const { document } = parseHTML(await res.text());
    expect(textOf(document.querySelector('.flash-error'))).toContain(reason);
    expect(document.querySelector('input[name="title"]')!.getAttribute('value')).toBe('坏链接');
    expect((await site.services.ads.list()).length).toBe(before);
  });

  it('edits, disables, enables and deletes, each step in the audit log', async () => {
    const ad = await site.services.ads.create({ slot: 'article_bottom', kind: 'text', title: '待编辑', link_url: 'https://ad.example/' }, 'test');
    expect((await admin.post(`/admin/ads/${ad.id}`, adFields({ title: '已编辑', slot: 'sidebar' }))).status).toBe(303);
    expect(await site.services.ads.get(ad.id)).toMatchObject({ title: '已编辑', slot_key: 'sidebar' });
    expect((await admin.post(`/admin/ads/${ad.id}/disable`)).headers.get('location')).toBe('/admin/ads?done=disabled');
    expect((await site.services.ads.get(ad.id)).enabled).toBe(0);
    await admin.post(`/admin/ads/${ad.id}/enable`);
    expect((await site.services.ads.get(ad.id)).enabled).toBe(1);
    expect((await admin.post(`/admin/ads/${ad.id}/delete`)).status).toBe(303);
    expect((await admin.get(`/admin/ads/${ad.id}`)).status).toBe(404);
    const actions = (await site.services.audit.list({}, 200)).entries.filter((e) => e.target === `ad:${ad.id}` && e.actor === 'root').map((e) => e.action);
    expect(actions.sort()).toEqual(['ad.delete', 'ad.disable', 'ad.enable', 'ad.update']);
    const update = (await site.services.audit.list({}, 200)).entries.find((e) => e.target === `ad:${ad.id}` && e.action === 'ad.update')!;
    expect(JSON.parse(update.before_json!)).toMatchObject({ title: '待编辑', slot_key: 'article_bottom' });
    expect(JSON.parse(update.after_json!)).toMatchObject({ title: '已编辑', slot_key: 'sidebar' });
  });

  it('changes a slot: the feed\'s N and on/off', async () => {
    expect((await admin.post('/admin/ads/slots/feed', { enabled: '1', every_n: '4' })).status).toBe(303);
    expect(await site.services.ads.feedEvery()).toBe(4);
    expect((await admin.post('/admin/ads/slots/feed', { every_n: '4' })).status).toBe(303);
    expect(await site.services.ads.feedEvery()).toBeUndefined();
    expect((await admin.post('/admin/ads/slots/feed', { enabled: '1', every_n: '1' })).status).toBe(400);
    expect((await admin.post('/admin/ads/slots/nowhere', { enabled: '1' })).status).toBe(400);
    await admin.post('/admin/ads/slots/feed', { enabled: '1', every_n: '6' });
  });

  it('refuses a forged or missing CSRF token', async () => {
    expect((await admin.post('/admin/ads/slots/feed', { enabled: '1' }, { csrf: null })).status).toBe(403);
    expect((await admin.post('/admin/ads/slots/feed', { enabled: '1' }, { csrf: 'forged' })).status).toBe(403);
  });
});

describe('/admin/takedowns', () => {
  const file = async (articleId: number) => {
    const body = new URLSearchParams({ claimant: '版权方', organisation: '', email: 'c@rights.example', urls: `${TEST_SITE_URL}/a/${articleId}`, work: '原创作品，未经授权转载。', good_faith: '1' });
    const res = await site.app.request('/takedown', { method: 'POST', body, headers: { Origin: TEST_SITE_URL } }, { incoming: { socket: { remoteAddress: `192.0.2.${articleId % 250}` } } });
    const { parseHTML } = await import('linkedom');
    return textOf(parseHTML(await res.text()).document.querySelector('.reference'));
  };
  const someArticles = async (n: number) =>
    (await site.store.db.selectFrom('articles').select('id').where('status', '=', 'published').orderBy('id', 'desc').limit(n).execute()).map((r) => r.id);

  it('lists pending requests first; editors may work the queue', async () => {
    const [a, b] = await someArticles(2);
    const first = await file(a!);
    const second = await file(b!);
    await site.services.takedowns.reject(first, '已核实不属实', 'test');
    const { res, document } = await editor.page('/admin/takedowns');
    expect(res.status).toBe(200);
    const rows = [...document.querySelectorAll('[data-testid="takedown-queue"] tbody tr')];
    const statuses = rows.map((r) => r.getAttribute('data-status'));
    expect(statuses.indexOf('rejected')).toBeGreaterThan(statuses.lastIndexOf('pending'));
    expect(rows.map((r) => textOf(r.querySelector('a')))).toContain(second);
  });

  it('shows a request with its articles, and accepts it: 410 at once, audited under the editor who decided', async () => {
    const [a] = await someArticles(1);
    const ref = await file(a!);
    const page = await editor.page(`/admin/takedowns/${ref}`);
    expect(page.res.status).toBe(200);
    expect(page.document.querySelector(`[data-testid="takedown-articles"] a[href="/a/${a}"]`)).not.toBeNull();
    expect(page.document.querySelector('[data-testid="accept-form"] input[name="scope"][value="source"]')).not.toBeNull();
    expect(page.document.querySelector('[data-testid="takedown-mails"] tr[data-mail-status="pending"]')).not.toBeNull();

    const res = await editor.post(`/admin/takedowns/${ref}/accept`, { scope: 'article', note: '权属清楚' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/admin/takedowns/${ref}?done=accepted`);
    expect((await site.app.request(`/a/${a}`)).status).toBe(410);
    const after = await editor.page(res.headers.get('location')!);
    expect(textOf(after.document.querySelector('.flash-ok'))).toContain('已受理');
    expect(after.document.querySelector('[data-testid="accept-form"]')).toBeNull();
    const entry = (await site.services.audit.list({}, 200)).entries.find((e) => e.action === 'takedown.accept' && e.target === `takedown:${ref}`)!;
    expect(entry.actor).toBe('ed');
    expect(JSON.parse(entry.after_json!)).toMatchObject({ note: '权属清楚', scope: 'article' });
    // A second decision is refused with a message, not a 500.
    expect((await editor.post(`/admin/takedowns/${ref}/reject`, { reason: 'x' })).status).toBe(409);
  });

  it('rejects with a reason; no reason, no rejection', async () => {
    const [a] = await someArticles(1);
    const ref = await file(a!);
    expect((await editor.post(`/admin/takedowns/${ref}/reject`, { reason: ' ' })).status).toBe(400);
    expect((await editor.post(`/admin/takedowns/${ref}/reject`, { reason: '材料不足' })).status).toBe(303);
    expect((await site.services.takedowns.detail(ref)).request).toMatchObject({ status: 'rejected', decision_reason: '材料不足', decided_by: 'ed' });
  });

  it('answers 404 for an unknown reference and 403 without the CSRF token', async () => {
    expect((await editor.get('/admin/takedowns/TD-20260101-ZZZZ')).status).toBe(404);
    expect((await editor.get('/admin/takedowns/whatever')).status).toBe(404);
    const [a] = await someArticles(1);
    const ref = await file(a!);
    expect((await editor.post(`/admin/takedowns/${ref}/accept`, { scope: 'article' }, { csrf: null })).status).toBe(403);
    expect((await editor.post(`/admin/takedowns/${ref}/accept`, { scope: 'article' }, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await site.services.takedowns.detail(ref)).request.status).toBe('pending');
  });
});
