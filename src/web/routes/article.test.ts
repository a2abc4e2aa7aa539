import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRepos } from '../../store/repos/index.js';
import { createTestSite, fetchPage, richDemoArticle, sharedDemoStory, TEST_SITE_URL, type TestSite, textOf as text } from '../testing.js';

let site: TestSite;
let articleId: number;
beforeAll(async () => {
  site = await createTestSite();
  articleId = await richDemoArticle(site);
});
afterAll(() => site.close());

describe('article page', () => {
  it('has every element of the reference page, from stored data and settings', async () => {
    await site.services.settings.set('icp_number', '沪ICP备20002587号-1');
    await site.services.settings.set('site_domain', 'news.example.com');
    await site.services.settings.set('copyright_start_year', '2020');
    const article = await site.services.articles.forReading(articleId);
    const { document } = await fetchPage(site, `/a/${articleId}`);

    const ad = document.querySelector('[data-ad-slot="article_top"]');
    expect(ad).not.toBeNull();
    const close = ad!.querySelector('a[data-ad-close]');
    expect(text(close)).toBe('关闭广告');
    const demoAd = (await site.services.ads.pick('article_top'))!;
    expect(close!.getAttribute('href')).toBe(`/ad/close?slot=article_top&ad=${demoAd.id}&next=${encodeURIComponent(`/a/${articleId}`)}`);

    expect(text(document.querySelector('article h1'))).toBe(article.title);
    expect(text(document.querySelector('.byline .source'))).toBe(article.source_name);
    expect(text(document.querySelector('.byline .reads'))).toMatch(/^\d+人阅读$/);
    expect([...document.querySelectorAll('.byline .tag')].map(text)).toContain('示例');

    const body = document.querySelector('.article-body')!;
    const order = [...body.children].map((el) => el.tagName.toLowerCase());
    expect(order).toContain('h2');
    expect(order).toContain('figure');
    expect(order.indexOf('p')).toBeLessThan(order.indexOf('h2'));
    for (const fig of body.querySelectorAll('figure')) {
      expect(fig.querySelector('img')?.getAttribute('src')).toMatch(/^\/demo\/media\/.+\.svg$/);
      expect(text(fig.querySelector('figcaption'))).not.toBe('');
    }

    const attribution = document.querySelector('.attribution')!;
    expect(text(attribution)).toContain(article.source_name);
    expect(text(attribution)).toContain(article.author!);
    const original = attribution.querySelector(`a[href="${article.url}"]`);
    expect(original?.getAttribute('rel')).toBe('noopener noreferrer nofollow');
    expect(text(attribution.querySelector('.disclaimer'))).toBe((await site.services.settings.current()).reprint_disclaimer);

    for (const heading of ['猜你喜欢', '精彩推荐']) {
      const section = [...document.querySelectorAll('section')].find((s) => text(s.querySelector('h2')) === heading);
      const items = [...(section?.querySelectorAll('.card') ?? [])];
      expect(items.length, heading).toBeGreaterThanOrEqual(4);
      for (const item of items) {
        expect(text(item.querySelector('.title'))).not.toBe('');
        expect(text(item.querySelector('.source'))).not.toBe('');
        expect(text(item.querySelector('.views'))).toMatch(/^浏览 \d+$/);
      }
      expect(items.some((i) => i.querySelector('img.thumb'))).toBe(true);
    }
    const listed = [...document.querySelectorAll('.side .card a')].map((a) => a.getAttribute('href'));
    expect(new Set(listed).size).toBe(listed.length);
    expect(listed).not.toContain(`/a/${articleId}`);
    // One article per story, and none from this article's own story (its reprints).
    const listedIds = listed.map((h) => Number(h!.slice(3)));
    const stories = await site.store.db.selectFrom('articles').select('story_id').where('id', 'in', [articleId, ...listedIds]).execute();
    expect(new Set(stories.map((r) => r.story_id)).size).toBe(listedIds.length + 1);

    const footer = document.querySelector('footer')!;
    expect(footer.querySelector('a[href="/takedown"]')?.textContent).toBe((await site.services.settings.current()).infringement_notice);
    expect(text(footer)).toContain(`Copyright © 2020-${new Date().getFullYear()}，版权所有 news.example.com`);
    expect(text(footer)).toContain('沪ICP备20002587号-1');
  });

  it('says how many media carry the story and credits the original', async () => {
    const { storyId, articleIds } = await sharedDemoStory(site);
    const [original, reprint] = articleIds;
    const originalPage = await fetchPage(site, `/a/${original}`);
    const line = originalPage.document.querySelector('.coverage');
    expect(line?.querySelector('a')?.getAttribute('href')).toBe(`/story/${storyId}`);
    expect(text(line)).toMatch(new RegExp(`^${articleIds.length} 家媒体报道，本文为首发（.+）$`));
    const reprintPage = await fetchPage(site, `/a/${reprint}`);
    const credit = reprintPage.document.querySelector(`.coverage a[href="/a/${original}"]`);
    expect(text(credit)).toBe(text(originalPage.document.querySelector('.byline .source')));
    // An article nobody reprinted says nothing about coverage.
    const alone = await site.store.db
      .selectFrom('articles')
      .select('id')
      .where('story_id', 'not in', (eb) => eb.selectFrom('articles').select('story_id').where('story_id', 'is not', null).groupBy('story_id').having((h) => h.fn.countAll(), '>', 1))
      .executeTakeFirstOrThrow();
    const single = await fetchPage(site, `/a/${alone.id}`);
    expect(single.document.querySelector('.coverage')).toBeNull();
  });

  it('shows a settings change at once, though the page itself is cached', async () => {
    const footer = async () => text((await fetchPage(site, `/a/${articleId}`)).document.querySelector('footer'));
    await site.services.settings.set('icp_number', '京ICP备11111111号');
    expect(await footer()).toContain('京ICP备11111111号');
    await site.services.settings.set('icp_number', '京ICP备22222222号');
    expect(await footer()).toContain('京ICP备22222222号');
  });

  it('counts each new reader\'s view, and not a HEAD request (more rules in src/web/counting.test.ts)', async () => {
    const browser = { 'user-agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148 Safari/604.1' };
    const reads = async () =>
      Number(text((await fetchPage(site, `/a/${articleId}`, { headers: browser })).document.querySelector('.reads')).replace('人阅读', ''));
    const first = await reads();
    expect(await reads()).toBe(first + 1);
    const head = await site.app.request(`/a/${articleId}`, { method: 'HEAD', headers: browser });
    expect(head.status).toBe(200);
    expect(await reads()).toBe(first + 2);
  });

  it('describes itself as a JSON-LD NewsArticle crediting the source', async () => {
    const article = await site.services.articles.forReading(articleId);
    const { document } = await fetchPage(site, `/a/${articleId}`);
    const ld = JSON.parse(document.querySelector('script[type="application/ld+json"]')!.textContent!);
    expect(ld).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      headline: article.title,
      isBasedOn: article.url,
      mainEntityOfPage: `${TEST_SITE_URL}/a/${articleId}`,
      author: { name: article.author },
      sourceOrganization: { name: article.source_name },
    });
    expect(new Date(ld.datePublished).getTime()).toBe(article.published_at);
    expect(ld.image[0]).toMatch(new RegExp(`^${TEST_SITE_URL}/demo/media/`));
    expect(document.querySelector('meta[property="og:type"]')?.getAttribute('content')).toBe('article');
    expect(document.querySelector('meta[property="og:image"]')?.getAttribute('content')).toBe(ld.image[0]);
  });

  it('escapes titles and keeps JSON-LD from closing its script element', async () => {
    const id = await createRepos(site.store).articles.insertIfNew({ source_id: 1, guid: 'xss', url: 'https://x.example/1', title: '</script><script>alert(1)</script>标题', author: null, summary: '<b>摘要</b>', content_html: '<p>正文</p>', content_text: '正文', lead_image: null, published_at: Date.now(), created_at: Date.now() });
    const { html, document } = await fetchPage(site, `/a/${id}`);
    expect(html).not.toContain('<script>alert(1)');
    expect(text(document.querySelector('article h1'))).toBe('</script><script>alert(1)</script>标题');
    expect(JSON.parse(document.querySelector('script[type="application/ld+json"]')!.textContent!).headline).toBe('</script><script>alert(1)</script>标题');
  });

  it.each(['abc', '0', '-5', '1.5', '99999999', '9999999999999', '1e3', '%00'])('/a/%s is a 404 page, never a 500', async (id) => {
    const { res, document } = await fetchPage(site, `/a/${id}`);
    expect(res.status).toBe(404);
    expect(text(document.querySelector('h1'))).toBe('页面不存在');
  });

  it('hides hidden articles (404) and answers 410 for taken-down ones', async () => {
    // Changed in the database directly, on pages not rendered (and so not cached) before.
    const [a, b] = await site.store.db.selectFrom('articles').select('id').where('id', '!=', articleId).orderBy('id', 'desc').offset(1).limit(2).execute();
    await site.store.db.updateTable('articles').set({ status: 'hidden' }).where('id', '=', a!.id).execute();
    await site.store.db.updateTable('articles').set({ status: 'taken_down' }).where('id', '=', b!.id).execute();
    expect((await site.app.request(`/a/${a!.id}`)).status).toBe(404);
    const gone = await fetchPage(site, `/a/${b!.id}`);
    expect(gone.res.status).toBe(410);
    expect(text(gone.document.querySelector('h1'))).toBe('该文章因版权原因已删除');
    const home = await fetchPage(site, '/');
    const hrefs = [...home.document.querySelectorAll('a')].map((x) => x.getAttribute('href'));
    expect(hrefs).not.toContain(`/a/${a!.id}`);
    expect(hrefs).not.toContain(`/a/${b!.id}`);
  });
});

