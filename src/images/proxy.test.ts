import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Fetcher } from '../ingest/fetch/index.js';
import { ImageProxy, type ImageProxyOptions } from './proxy.js';
import { signImageUrl } from './sign.js';
import { type ImageServer, startImageServer, tinyJpeg, tinyPng } from './testing.js';

const SECRET = 'proxy-test-secret-0123';
let origin: ImageServer;
let dir: string;
const proxies: ImageProxy[] = [];

beforeAll(async () => {
  origin = await startImageServer();
});
afterAll(() => origin.close());
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'redian-img-proxy-'));
});
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((p) => p.close()));
  await rm(dir, { recursive: true, force: true });
});

function proxy(options: Partial<ImageProxyOptions> = {}): ImageProxy {
  const p = new ImageProxy({
    secret: SECRET,
    cacheDir: dir,
    siteUrl: 'https://news.test',
    allowLoopback: true,
    fetcher: new Fetcher({ politeness: { hostDelayMs: 0 } }),
    ...options,
  });
  proxies.push(p);
  return p;
}
const signed = (path: string) => signImageUrl(`${origin.url}${path}`, SECRET);

describe('ImageProxy.src and rewriteHtml', () => {
  const p = new ImageProxy({ secret: SECRET, cacheDir: '/nonexistent', siteUrl: 'https://news.test' });

  it('proxies absolute http(s) URLs of other hosts only', () => {
    expect(p.src('https://img.example.cn/a.jpg')).toBe(signImageUrl('https://img.example.cn/a.jpg', SECRET));
    expect(p.src('http://img.example.cn/a.jpg')).toMatch(/^\/img\//);
    expect(p.src('/demo/media/a-galaxy.svg')).toBe('/demo/media/a-galaxy.svg');
    expect(p.src('https://news.test/demo/media/a.svg')).toBe('https://news.test/demo/media/a.svg');
    expect(p.src('data:image/png;base64,AAAA')).toBe('data:image/png;base64,AAAA');
  });

  it('rewrites the src of every external <img> in sanitized HTML and nothing else', () => {
    const html =
      '<p>文字 &lt;img src="https://evil.example/x.png"&gt;</p>' +
      '<figure><img src="https://img.example.cn/a.jpg?w=1&amp;h=2" alt="a &quot;b&quot;" loading="lazy" /><figcaption>图</figcaption></figure>' +
      '<img alt="" src="/demo/media/a-galaxy.svg" loading="lazy" />' +
      '<a href="https://img.example.cn/a.jpg" rel="noopener noreferrer nofollow">链接</a>';
    const out = p.rewriteHtml(html);
    expect(out).toBe(
      html.replace('https://img.example.cn/a.jpg?w=1&amp;h=2', signImageUrl('https://img.example.cn/a.jpg?w=1&h=2', SECRET)),
    );
    // The escaped text is still text; the link still points at the original.
    expect(out).toContain('&lt;img src="https://evil.example/x.png"&gt;');
    expect(out).toContain('<a href="https://img.example.cn/a.jpg"');
  });
});

describe('ImageProxy.get', () => {
  it('serves a PNG and a JPEG by their bytes, whatever the declared type, without a Referer', async () => {
    const p = proxy();
    expect(await p.get(signed('/a.png'))).toEqual({ body: tinyPng(), contentType: 'image/png' });
    expect(await p.get(signed('/b.jpg'))).toEqual({ body: tinyJpeg(), contentType: 'image/jpeg' });
    expect(await p.get(signed('/moved.png'))).toMatchObject({ contentType: 'image/png' });
    for (const req of origin.requests) {
      expect(req.headers.referer).toBeUndefined();
      expect(req.headers.cookie).toBeUndefined();
    }
    const last = origin.requests.at(-1)!;
    expect(last.headers.accept).toBe('image/avif,image/webp,image/png,image/jpeg,image/gif,image/*;q=0.8');
  });

  it.each([
    ['an SVG served as image/png', '/svg-as-png.png', 'IMAGE_NOT_RASTER', 415],
    ['an SVG served as SVG', '/real.svg', 'IMAGE_NOT_RASTER', 415],
    ['HTML served as image/jpeg', '/page.jpg', 'IMAGE_NOT_RASTER', 415],
    ['an image over the size limit, declared', '/big.png', 'IMAGE_TOO_LARGE', 502],
    ['an image over the size limit, streamed', '/big-streamed.png', 'IMAGE_TOO_LARGE', 502],
    ['a missing image', '/missing.png', 'IMAGE_NOT_FOUND', 404],
    ['a refused hotlink', '/forbidden.png', 'IMAGE_UNAVAILABLE', 502],
    ['an origin that never answers', '/hang.png', 'IMAGE_UNAVAILABLE', 502],
  ])('refuses %s', async (_, path, code, status) => {
    const p = proxy({ maxBytes: 16 * 1024, timeoutMs: 300 });
    await expect(p.get(signed(path))).rejects.toMatchObject({ code, status });
  });

  it('refuses a bad signature before fetching anything', async () => {
    const before = origin.requests.length;
    const [, , sig] = signed('/a.png').split('/');
    const forged = `/img/${sig}/${Buffer.from(`${origin.url}/b.jpg`).toString('base64url')}`;
    await expect(proxy().get(forged)).rejects.toMatchObject({ code: 'IMAGE_BAD_SIGNATURE', status: 403 });
    await expect(proxy().get(signImageUrl(`${origin.url}/a.png`, 'some-other-secret-xyz'))).rejects.toMatchObject({ code: 'IMAGE_BAD_SIGNATURE' });
    expect(origin.requests.length).toBe(before);
  });

  it('refuses loopback and private addresses unless told otherwise', async () => {
    const p = proxy({ allowLoopback: false });
    await expect(p.get(signed('/a.png'))).rejects.toMatchObject({ code: 'IMAGE_UNAVAILABLE', message: expect.stringContaining('FETCH_BLOCKED_ADDRESS') });
    await expect(p.get(signImageUrl('http://169.254.169.254/latest/meta-data/', SECRET))).rejects.toMatchObject({ code: 'IMAGE_UNAVAILABLE' });
    await expect(p.get(signImageUrl('http://10.0.0.1/a.png', SECRET))).rejects.toMatchObject({ code: 'IMAGE_UNAVAILABLE' });
  });

  it('fetches an image once: concurrent requests share the fetch, later ones read the disk', async () => {
    const path = '/a.png?once';
    const p = proxy();
    const results = await Promise.all(Array.from({ length: 5 }, () => p.get(signed(path))));
    expect(results.every((r) => r.contentType === 'image/png')).toBe(true);
    expect(origin.hits(path)).toBe(1);
    // Another process with the same secret and directory: a disk hit.
    expect(await proxy().get(signed(path))).toEqual({ body: tinyPng(), contentType: 'image/png' });
    expect(origin.hits(path)).toBe(1);
  });

  it('remembers a failure for a while instead of asking the origin again', async () => {
    const p = proxy();
    await expect(p.get(signed('/missing.png?again'))).rejects.toMatchObject({ code: 'IMAGE_NOT_FOUND' });
    await expect(p.get(signed('/missing.png?again'))).rejects.toMatchObject({ code: 'IMAGE_NOT_FOUND' });
    expect(origin.hits('/missing.png?again')).toBe(1);
  });
});
