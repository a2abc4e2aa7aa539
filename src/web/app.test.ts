import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestSite, fetchPage, type TestSite } from './testing.js';

let site: TestSite;
beforeAll(async () => {
  site = await createTestSite();
});
afterAll(() => site.close());

describe('app', () => {
  it('answers /healthz', async () => {
    const res = await site.app.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('sends CSP, nosniff, referrer and framing headers on pages', async () => {
    const res = await site.app.request('/');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    // Frames: our own sandboxed ad frames and the allowed video hosts; images only through our proxy.
    expect(csp).toContain("frame-src 'self' https://player.bilibili.com");
    expect(csp).toContain("img-src 'self';");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });

  it('keeps the security headers on HEAD responses through node:http', async () => {
    const server = serve({ fetch: site.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, { method: 'HEAD' });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('sends an article page with its security headers through node:http, to new and returning readers', async () => {
    const server = serve({ fetch: site.app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const { document } = await fetchPage(site, '/');
      const path = document.querySelector('a[href^="/a/"]')!.getAttribute('href')!;
      const ua = { 'user-agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) Safari/604.1' };
      const first = await fetch(`${base}${path}`, { headers: ua });
      const cookie = first.headers.getSetCookie().find((c) => c.startsWith('rid='))!.split(';')[0]!;
      // Returning: the id is read from the cookie (no new one), the page made without cookies to write.
      const again = await fetch(`${base}${path}`, { headers: { ...ua, cookie } });
      for (const res of [first, again]) {
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toBe('text/html; charset=UTF-8');
        expect(res.headers.get('content-security-policy')).toContain("frame-src 'self' https://player.bilibili.com");
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
        expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
        expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
        expect(await res.text()).toContain('人阅读');
      }
      expect(again.headers.getSetCookie().filter((c) => c.startsWith('rid='))).toEqual([]);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('serves hashed assets with long cache headers', async () => {
    const { document } = await fetchPage(site, '/');
    for (const href of [document.querySelector('link[rel="stylesheet"]')!.getAttribute('href')!, document.querySelector('script[src]')!.getAttribute('src')!]) {
      const res = await site.app.request(href);
      expect(res.status, href).toBe(200);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(100);
    }
    expect((await site.app.request('/assets/style.css')).status).toBe(404);
    expect((await site.app.request('/assets/..%2f..%2fpackage.json')).status).toBe(404);
  });

  it('serves demo images as SVG', async () => {
    const res = await site.app.request('/demo/media/ad-banner.svg');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/svg+xml');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers unknown paths with the 404 page', async () => {
    const { res, document } = await fetchPage(site, '/no/such/page');
    expect(res.status).toBe(404);
    expect(document.querySelector('meta[name="robots"]')?.getAttribute('content')).toBe('noindex');
  });

  it('turns a database failure into a 500 page and a failing health check, not a crash', async () => {
    const broken = await createTestSite({ demo: false });
    await broken.store.close();
    const page = await broken.app.request('/');
    expect(page.status).toBe(500);
    expect(await page.text()).toContain('服务暂时不可用');
    expect((await broken.app.request('/healthz')).status).toBe(503);
  });
});
