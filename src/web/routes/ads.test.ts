import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
