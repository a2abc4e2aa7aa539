import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestSite, fetchPage, richDemoArticle, type TestSite } from '../testing.js';

let site: TestSite;
let path: string;
beforeAll(async () => {
  site = await createTestSite();
  path = `/a/${await richDemoArticle(site)}`;
});
afterAll(() => site.close());

describe('关闭广告', () => {
  it('as a plain link: sets a 24-hour cookie and goes back to the article', async () => {
    const res = await site.app.request(`/ad/close?slot=article_top&next=${encodeURIComponent(path)}`);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(path);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^ad_closed_article_top=1;/);
    expect(cookie).toContain('Max-Age=86400');
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    // The test site's SITE_URL is https.
    expect(cookie).toContain('Secure');
  });

  it('from the page script: answers 204 with the same cookie', async () => {
    const res = await site.app.request('/ad/close?slot=article_top', { headers: { Accept: 'application/json' } });
    expect(res.status).toBe(204);
    expect(res.headers.get('set-cookie')).toMatch(/^ad_closed_article_top=1;/);
  });

  it('keeps the slot closed for a reader with the cookie, and only for them', async () => {
    const closed = await fetchPage(site, path, { headers: { Cookie: 'ad_closed_article_top=1' } });
    expect(closed.document.querySelector('[data-ad-slot]')).toBeNull();
    const other = await fetchPage(site, path);
    expect(other.document.querySelector('[data-ad-slot="article_top"]')).not.toBeNull();
  });

  it.each(['https://evil.example/', '//evil.example/', '/\\evil.example', 'javascript:alert(1)'])('never redirects off-site (next=%s)', async (next) => {
    const res = await site.app.request(`/ad/close?slot=article_top&next=${encodeURIComponent(next)}`);
    expect(res.headers.get('location')).toBe('/');
  });

  it('refuses an unknown slot', async () => {
    const res = await site.app.request('/ad/close?slot=everything');
    expect(res.status).toBe(400);
    expect(res.headers.get('set-cookie')).toBeNull();
  });
});

describe('ads on pages', () => {
  const ACTOR = 'editor';
  const create = (over: Record<string, unknown>) =>
    site.services.ads.create({ slot: 'article_top', kind: 'text', title: '测试广告', link_url: 'https://ad.example/landing?from=redian', ...over }, ACTOR);
  // Each test's ads go; the demo's stays.
  afterEach(async () => {
    for (const ad of await site.services.ads.list()) if (!ad.is_demo) await site.services.ads.delete(ad.id, ACTOR);
    await site.services.ads.updateSlot('feed', { enabled: true, everyN: 6 }, ACTOR);
  });
  const countsOf = async (id: number) => {
    await site.services.ads.flush();
    return (await site.services.ads.get(id)).totals;
  };

  it('counts an impression for each ad served on a page', async () => {
    const ad = await create({ slot: 'article_bottom', title: '底部广告' });
    const { document } = await fetchPage(site, path);
    // Below the article, outside it.
    const box = document.querySelector('main > article ~ [data-ad-slot="article_bottom"]');
    expect(box?.textContent).toContain('底部广告');
    await fetchPage(site, path);
    expect(await countsOf(ad.id)).toEqual({ impressions: 2, clicks: 0, closes: 0 });
  });

  it('links through /ad/:id/click, which redirects only to the stored link and counts the click', async () => {
    const ad = await create({ slot: 'article_bottom' });
    const { document } = await fetchPage(site, path);
    const link = document.querySelector('[data-ad-slot="article_bottom"] a.ad-body');
    expect(link?.getAttribute('href')).toBe(`/ad/${ad.id}/click`);
    expect(link?.getAttribute('rel')).toContain('sponsored');
    const res = await site.app.request(`/ad/${ad.id}/click?url=${encodeURIComponent('https://evil.example/')}&next=//evil.example`);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('https://ad.example/landing?from=redian');
    expect(await countsOf(ad.id)).toMatchObject({ clicks: 1 });
  });

  it.each([
    ['an unknown ad', async () => 999_999],
    ['a disabled ad', async () => (await create({ enabled: false })).id],
    ['an ended ad', async () => (await create({ starts_at: Date.now() - 7_200_000, ends_at: Date.now() - 3_600_000 })).id],
  ])('answers 404 for a click on %s', async (_name, make) => {
    const id = await make();
    const res = await site.app.request(`/ad/${id}/click`);
    expect(res.status).toBe(404);
    expect(res.headers.get('location')).toBeNull();
    expect((await site.app.request('/ad/abc/click')).status).toBe(404);
  });

  it('counts a close of the ad whose slot was closed, per day', async () => {
    const ad = await create({ slot: 'sidebar', title: '侧栏广告' });
    const res = await site.app.request(`/ad/close?slot=sidebar&ad=${ad.id}&next=${encodeURIComponent(path)}`);
    expect(res.status).toBe(303);
    expect(res.headers.get('set-cookie')).toMatch(/^ad_closed_sidebar=1;/);
    expect(await countsOf(ad.id)).toMatchObject({ closes: 1 });
  });

  it('puts the sidebar slot atop the side column (CSS hides it on phones)', async () => {
    const ad = await create({ slot: 'sidebar', title: '侧栏广告' });
    const { document } = await fetchPage(site, path);
    const side = document.querySelector('.side > [data-ad-slot="sidebar"]');
    expect(side?.classList.contains('ad-sidebar')).toBe(true);
    expect(side?.textContent).toContain('侧栏广告');
  });

  it('serves ad images through the image proxy, so the page CSP allows images from this site only', async () => {
    const ad = await create({ slot: 'article_bottom', kind: 'image', image_url: 'https://img.example/banner.png' });
    const { res, document } = await fetchPage(site, path);
    const img = document.querySelector('[data-ad-slot="article_bottom"] img');
    expect(img?.getAttribute('src')).toMatch(/^\/img\//);
    expect(res.headers.get('content-security-policy')).toContain("img-src 'self';");
  });

  it('keeps to a per-reader daily cap with a cookie of the reader\'s own', async () => {
    const ad = await create({ slot: 'article_bottom', title: '每日一次', freq_cap: 1 });
    const first = await fetchPage(site, path);
    expect(first.document.querySelector('[data-ad-slot="article_bottom"]')?.textContent).toContain('每日一次');
    const cookie = first.res.headers.getSetCookie().find((c) => c.startsWith('ad_seen='))!;
    expect(cookie).toContain('HttpOnly');
    const again = await fetchPage(site, path, { headers: { Cookie: cookie.split(';')[0]! } });
    expect(again.document.querySelector('[data-ad-slot="article_bottom"]')).toBeNull();
    // Another reader still sees it.
    expect((await fetchPage(site, path)).document.querySelector('[data-ad-slot="article_bottom"]')).not.toBeNull();
  });

  describe('HTML snippet ads', () => {
    it('shows the snippet only in a sandboxed frame without allow-same-origin', async () => {
      const ad = await create({ slot: 'article_bottom', kind: 'html', html: '<p>片段</p><script>document.cookie</script>' });
      const { html, document } = await fetchPage(site, path);
      expect(html).not.toContain('document.cookie');
      const frame = document.querySelector('[data-ad-slot="article_bottom"] iframe');
      expect(frame?.getAttribute('src')).toBe(`/ad/${ad.id}/frame`);
      const sandbox = frame?.getAttribute('sandbox')?.split(/\s+/) ?? [];
      expect(sandbox).toContain('allow-scripts');
      expect(sandbox).not.toContain('allow-same-origin');
    });

    it('serves the frame with its own strict CSP, itself a sandbox, framed only by this site', async () => {
      const ad = await create({ slot: 'article_bottom', kind: 'html', html: '<p>片段</p>' });
      const res = await site.app.request(`/ad/${ad.id}/frame`);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<p>片段</p>');
      const csp = res.headers.get('content-security-policy')!;
      const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
      expect(directives['default-src']).toEqual(["'none'"]);
      expect(directives['frame-ancestors']).toEqual(["'self'"]);
      expect(directives.sandbox).toContain('allow-scripts');
      expect(directives.sandbox).not.toContain('allow-same-origin');
      expect(directives['connect-src']).toBeUndefined();
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      // The site's own policy allows our frames.
      expect((await site.app.request('/')).headers.get('content-security-policy')).toMatch(/frame-src 'self'/);
    });

    it('has no frame for a text ad, an unknown or a stopped one', async () => {
      const text = await create({ slot: 'article_bottom' });
      const off = await create({ slot: 'article_bottom', kind: 'html', html: '<p>x</p>', enabled: false });
      for (const id of [text.id, off.id, 999_999]) expect((await site.app.request(`/ad/${id}/frame`)).status).toBe(404);
    });
  });

  describe('feed slot', () => {
    const feedCards = async (p: string, init?: RequestInit) => {
      const { document } = await fetchPage(site, p, init);
      return [...document.querySelectorAll('ul.cards > li')].map((li) => (li.classList.contains('ad-card') ? `AD:${li.textContent?.includes('信息流广告') ? 'feed' : '?'}` : 'item'));
    };

    it('shows an ad card after every N items of the home feed, closeable without JavaScript', async () => {
      const ad = await create({ slot: 'feed', title: '信息流广告' });
      await site.services.ads.updateSlot('feed', { enabled: true, everyN: 5 }, ACTOR);
      const cards = await feedCards('/');
      // 20 items a page: ads after the 5th, 10th, 15th and 20th.
      expect(cards.map((c, i) => (c.startsWith('AD') ? i : -1)).filter((i) => i >= 0)).toEqual([5, 11, 17, 23]);
      const { document } = await fetchPage(site, '/');
      const close = document.querySelector('li.ad-card a[data-ad-close]');
      expect(close?.getAttribute('href')).toBe(`/ad/close?slot=feed&ad=${ad.id}&next=%2F`);
      expect((await feedCards('/', { headers: { Cookie: 'ad_closed_feed=1' } })).filter((c) => c.startsWith('AD'))).toEqual([]);
      await site.services.ads.updateSlot('feed', { enabled: false, everyN: 5 }, ACTOR);
      expect((await feedCards('/')).filter((c) => c.startsWith('AD'))).toEqual([]);
    });

    it('shows a targeted ad only in its categories', async () => {
      const tech = (await site.services.articles.category('tech'))!;
      await create({ slot: 'feed', title: '信息流广告', category_ids: [tech.id] });
      await site.services.ads.updateSlot('feed', { enabled: true, everyN: 2 }, ACTOR);
      const techCards = await feedCards('/c/tech');
      expect(techCards.filter((c) => c === 'AD:feed').length).toBeGreaterThan(0);
      expect((await feedCards('/')).filter((c) => c.startsWith('AD'))).toEqual([]);
      expect((await feedCards('/c/sports')).filter((c) => c.startsWith('AD'))).toEqual([]);
    });
  });
});
