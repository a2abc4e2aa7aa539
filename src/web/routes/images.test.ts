import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ImageServer, startImageServer, tinyJpeg, tinyPng } from '../../images/testing.js';
import { sanitizeArticleHtml } from '../../ingest/sanitize/sanitize.js';
import { createRepos } from '../../store/repos/index.js';
import { createTestSite, fetchPage, TEST_SITE_URL, type TestSite } from '../testing.js';

let site: TestSite;
let origin: ImageServer;
beforeAll(async () => {
  origin = await startImageServer();
  site = await createTestSite({ images: { allowLoopback: true, maxBytes: 16 * 1024, timeoutMs: 500 } });
});
afterAll(async () => {
  await site.close();
  await origin.close();
});

const proxied = (path: string) => site.images.src(`${origin.url}${path}`);

describe('GET /img/:sig/:url', () => {
  it('serves a raster image with its detected type and locked-down headers', async () => {
    const res = await site.app.request(proxied('/b.jpg'));
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer())).toEqual(tinyJpeg());
    expect(Object.fromEntries(res.headers)).toMatchObject({
      'content-type': 'image/jpeg',
      'content-security-policy': "default-src 'none'; sandbox",
      'x-content-type-options': 'nosniff',
      'cache-control': 'public, max-age=604800, immutable',
      'cross-origin-resource-policy': 'same-origin',
    });
  });

  it('answers a second request from the cache, without asking the origin again', async () => {
    const path = '/a.png?cached';
    for (let i = 0; i < 3; i++) {
      const res = await site.app.request(proxied(path));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/png');
      expect(Buffer.from(await res.arrayBuffer())).toEqual(tinyPng());
    }
    expect(origin.hits(path)).toBe(1);
    expect(origin.requests.every((r) => r.headers.referer === undefined)).toBe(true);
  });

  it.each([
    ['an SVG served as image/png', '/svg-as-png.png', 415],
    ['HTML served as image/jpeg', '/page.jpg', 415],
    ['a too large image', '/big.png', 502],
    ['a missing image', '/missing.png', 404],
    ['an origin that never answers', '/hang.png', 502],
  ])('refuses %s with a short text answer', async (_, path, status) => {
    const res = await site.app.request(proxied(path));
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await res.text()).length).toBeLessThan(40);
  });

  it('refuses a tampered URL or signature with 403, fetching nothing', async () => {
    const before = origin.requests.length;
    const [, , sig, enc] = proxied('/a.png').split('/') as [string, string, string, string];
    const other = Buffer.from(`${origin.url}/b.jpg`).toString('base64url');
    for (const path of [`/img/${sig}/${other}`, `/img/${sig.slice(1)}x/${enc}`, `/img/${sig}/${enc.slice(0, -1)}`]) {
      const res = await site.app.request(path);
      expect(res.status, path).toBe(403);
      expect(await res.text()).toBe('image bad signature\n');
    }
    expect(origin.requests.length).toBe(before);
  });
});

describe('images on pages', () => {
  it('proxies external images in the article body and thumbnails, not our own', async () => {
    const external = `${origin.url}/a.png?w=1&h=2`;
    const lead = `${origin.url}/b.jpg`;
    const content = sanitizeArticleHtml(
      `<p>正文</p><figure><img src="${external.replace('&', '&amp;')}" alt="外链图"><figcaption>图</figcaption></figure>` +
        `<img src="${TEST_SITE_URL}/demo/media/a-ocean-forum.svg" alt="本站图">`,
      'https://x.example/img',
    ) + '<img src="/demo/media/a-galaxy.svg" alt="示例图" loading="lazy" />'; // as the demo stores it
    const now = Date.now();
    const id = (await createRepos(site.store).articles.insertIfNew({
      source_id: 1, guid: 'img-proxy', url: 'https://x.example/img', title: '外链图片测试', author: null, summary: '摘要',
      content_html: content, content_text: '正文', lead_image: lead, published_at: now, created_at: now,
    }))!;
    // What is stored keeps the original URL.
    expect(content).toContain(external.replace('&', '&amp;'));

    const { document } = await fetchPage(site, `/a/${id}`);
    const srcs = [...document.querySelectorAll('.article-body img')].map((img) => img.getAttribute('src'));
    expect(srcs).toEqual([site.images.src(external), `${TEST_SITE_URL}/demo/media/a-ocean-forum.svg`, '/demo/media/a-galaxy.svg']);
    expect(srcs[0]).toMatch(/^\/img\//);
    expect(document.querySelector('meta[property="og:image"]')?.getAttribute('content')).toBe(`${TEST_SITE_URL}${site.images.src(lead)}`);
    const jsonLd = JSON.parse(document.querySelector('script[type="application/ld+json"]')!.textContent!);
    expect(jsonLd.image).toEqual([`${TEST_SITE_URL}${site.images.src(lead)}`]);

    // The proxied body image is served.
    const img = await site.app.request(srcs[0]!);
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toBe('image/png');

    // On the home page the new article's thumbnail is proxied; demo thumbnails stay ours.
    const home = (await fetchPage(site, '/')).document;
    const thumbs = [...home.querySelectorAll('img.thumb')].map((i) => i.getAttribute('src')!);
    expect(thumbs).toContain(site.images.src(lead));
    expect(thumbs.filter((s) => !s.startsWith('/img/')).every((s) => s.startsWith('/demo/media/'))).toBe(true);
    expect(thumbs.length).toBeGreaterThan(1);
  });
});
