import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestItems } from '../../ingest/pipeline.js';
import { REFERENCE_PATTERN } from '../../rights/reference.js';
import { createRepos } from '../../store/repos/index.js';
import { createTestSite, fetchPage, sharedDemoStory, TEST_SITE_URL, type TestSite, textOf } from '../testing.js';
import { TAKEDOWN_RATE } from './takedown.js';

let site: TestSite;
beforeAll(async () => {
  site = await createTestSite();
});
afterAll(() => site.close());

let nextIp = 1;
/** Each call from its own address unless told, so the rate limit only bites where a test wants it. */
async function post(fields: Record<string, string>, opts: { ip?: string; headers?: Record<string, string> } = {}) {
  const ip = opts.ip ?? `203.0.113.${nextIp++}`;
  const res = await site.app.request(
    '/takedown',
    { method: 'POST', body: new URLSearchParams(fields), headers: { Origin: TEST_SITE_URL, ...opts.headers } },
    { incoming: { socket: { remoteAddress: ip, remotePort: 5000, remoteFamily: 'IPv4' } } },
  );
  const html = await res.text();
  const { parseHTML } = await import('linkedom');
  return { res, html, document: parseHTML(html).document };
}

async function publishedArticles(limit: number): Promise<Array<{ id: number; url: string; story_id: number | null; category_id: number | null }>> {
  return site.store.db.selectFrom('articles').select(['id', 'url', 'story_id', 'category_id']).where('status', '=', 'published').where('story_id', 'is not', null).orderBy('id').limit(limit).execute();
}

const valid = (urls: string) => ({
  claimant: '某某文化传媒有限公司',
  organisation: '法务部',
  email: 'legal@rights.example',
  urls,
  work: '原创报道《城市更新》，2026 年 11 月首发于本公司网站，未授权转载。',
  good_faith: '1',
});

const refs = async () => (await site.services.takedowns.list(undefined, 500)).map((r) => r.reference);

describe('the takedown form', () => {
  it('works without JavaScript: fields with limits, a hidden honeypot, the contact from settings', async () => {
    await site.services.settings.set('takedown_contact', '邮箱 legal@news.example.com');
    const { res, document } = await fetchPage(site, '/takedown');
    expect(res.status).toBe(200);
    const form = document.querySelector('form[method="post"][action="/takedown"]')!;
    for (const name of ['claimant', 'organisation', 'email', 'urls', 'work', 'good_faith']) expect(form.querySelector(`[name="${name}"]`), name).not.toBeNull();
    expect(form.querySelector('[name="claimant"]')!.getAttribute('maxlength')).toBe('100');
    expect(form.querySelector('.hp')!.getAttribute('aria-hidden')).toBe('true');
    expect(form.querySelector('[name="website"]')!.getAttribute('tabindex')).toBe('-1');
    expect(textOf(document.querySelector('main'))).toContain('邮箱 legal@news.example.com');
  });

  it('stores a valid request and answers with its reference; the claimant is sent a receipt', async () => {
    const [a] = await publishedArticles(1);
    const { res, document } = await post(valid(`${TEST_SITE_URL}/a/${a!.id}\n\n  ${TEST_SITE_URL}/a/${a!.id}/  `));
    expect(res.status).toBe(200);
    const reference = textOf(document.querySelector('.reference'));
    expect(reference).toMatch(REFERENCE_PATTERN);
    const { request, articles, mails } = await site.services.takedowns.detail(reference);
    expect(request).toMatchObject({ status: 'pending', claimant: '某某文化传媒有限公司', organisation: '法务部', email: 'legal@rights.example', good_faith: 1 });
    expect(articles.map((x) => x.id)).toEqual([a!.id]);
    expect(mails.map((m) => [m.to_addr, m.status])).toEqual([['legal@rights.example', 'pending']]);
    expect(mails[0]!.subject).toContain(reference);
    const audit = await site.services.audit.list({}, 50);
    expect(audit.entries.some((e) => e.action === 'takedown.submit' && e.target === `takedown:${reference}`)).toBe(true);
  });

  it.each([
    ['no email', { email: '' }, 'email', '请填写有效的邮箱地址'],
    ['a malformed email', { email: 'not-an-email' }, 'email', '请填写有效的邮箱地址'],
    ['no statement of good faith', { good_faith: '' }, 'good_faith', '请确认善意声明'],
    ['no claimant', { claimant: '  ' }, 'claimant', '请填写权利人'],
    ['a description too long', { work: '侵'.repeat(4001) }, 'work', '最多 4000 字'],
    ['another site\'s URL', { urls: 'https://other.example/a/1' }, 'urls', '不是本站链接'],
    ['a javascript: URL', { urls: 'javascript:alert(1)' }, 'urls', '只接受 http(s) 链接'],
    ['a page of this site that is no article', { urls: `${TEST_SITE_URL}/c/tech` }, 'urls', '不是本站文章页链接'],
    ['no URL at all', { urls: '\n \n' }, 'urls', '请至少填写一个本站文章链接'],
  ])('refuses a form with %s: 400, the reason, and everything typed kept', async (_name, over, field, reason) => {
    const before = (await refs()).length;
    const fields = { ...valid(`${TEST_SITE_URL}/a/1`), claimant: '李四', ...over } as Record<string, string>;
    const { res, document } = await post(fields);
    expect(res.status).toBe(400);
    expect(textOf(document.querySelector('[role="alert"]'))).toContain(reason);
    expect(document.querySelector(`[name="${field}"]`)!.getAttribute('aria-invalid')).toBe('true');
    // What the claimant typed is still there.
    for (const name of ['claimant', 'organisation', 'email']) expect(document.querySelector(`input[name="${name}"]`)!.getAttribute('value')).toBe(fields[name]);
    expect(textOf(document.querySelector('textarea[name="urls"]'))).toBe(fields.urls!.trim());
    expect(document.querySelector('textarea[name="work"]')!.textContent!.trim()).toBe(fields.work!.trim());
    expect(document.querySelector('input[name="good_faith"]')!.hasAttribute('checked')).toBe(fields.good_faith === '1');
    expect((await refs()).length).toBe(before);
  });

  it('escapes what it shows back', async () => {
    const { res, html } = await post({ ...valid('<script>alert(1)</script>'), claimant: '"><img src=x onerror=alert(1)>' });
    expect(res.status).toBe(400);
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<script>alert(1)</script>');
  });

  it('refuses a body past its size limit with a 400 page', async () => {
    const { res, document } = await post({ ...valid(`${TEST_SITE_URL}/a/1`), work: '侵'.repeat(60_000) });
    expect(res.status).toBe(400);
    expect(textOf(document.querySelector('[role="alert"]'))).toContain('提交的内容过大');
  });

  it('pretends to a bot that fills the honeypot that all went well, and stores nothing', async () => {
    const before = (await refs()).length;
    const { res, document } = await post({ ...valid(`${TEST_SITE_URL}/a/1`), website: 'https://spam.example/' });
    expect(res.status).toBe(200);
    expect(textOf(document.querySelector('h1'))).toBe('投诉已提交');
    expect(document.querySelector('.reference')).toBeNull();
    expect((await refs()).length).toBe(before);
  });

  it('refuses a form posted from another site (Origin, Sec-Fetch-Site), keeping the input', async () => {
    const [a] = await publishedArticles(1);
    const fromEvil = await post(valid(`${TEST_SITE_URL}/a/${a!.id}`), { headers: { Origin: 'https://evil.example' } });
    expect(fromEvil.res.status).toBe(403);
    expect(fromEvil.document.querySelector('input[name="email"]')!.getAttribute('value')).toBe('legal@rights.example');
    const crossSite = await post(valid(`${TEST_SITE_URL}/a/${a!.id}`), { headers: { 'Sec-Fetch-Site': 'cross-site' } });
    expect(crossSite.res.status).toBe(403);
  });

  it(`limits each address to ${TAKEDOWN_RATE.limit} submissions per window`, async () => {
    const statuses = [];
    for (let i = 0; i <= TAKEDOWN_RATE.limit; i++) statuses.push((await post({ ...valid(''), email: 'x' }, { ip: '198.51.100.7' })).res.status);
    expect(statuses).toEqual([...Array(TAKEDOWN_RATE.limit).fill(400), 429]);
    const limited = await post({ ...valid(''), claimant: '王五' }, { ip: '198.51.100.7' });
    expect(limited.res.status).toBe(429);
    expect(textOf(limited.document.querySelector('[role="alert"]'))).toContain('提交过于频繁');
    expect(limited.document.querySelector('input[name="claimant"]')!.getAttribute('value')).toBe('王五');
    // Another address is not affected.
    expect((await post({ ...valid(''), email: 'x' }, { ip: '198.51.100.8' })).res.status).toBe(400);
  });
});

describe('deciding a takedown', () => {
  const submit = async (ids: number[]) => {
    const { document } = await post(valid(ids.map((id) => `${TEST_SITE_URL}/a/${id}`).join('\n')));
    return textOf(document.querySelector('.reference'));
  };
  const linksTo = (document: Document, id: number) => document.querySelectorAll(`a[href="/a/${id}"]`).length;

  it('accept: the article answers 410 with the notice at once, leaves lists and recommendations, its URL is blocked', async () => {
    // The most read and featured article of a category: it is on the home page, its category and others' 精彩推荐.
    const [target, other] = await site.store.db
      .selectFrom('articles')
      .select(['id', 'url', 'category_id', 'source_id', 'story_id'])
      .where('status', '=', 'published')
      .where('category_id', 'is not', null)
      .orderBy('published_at', 'desc')
      .limit(2)
      .execute();
    const repos = createRepos(site.store);
    await repos.articles.setFeatured([target!.id], true);
    await repos.articles.setViewCount(target!.id, 1_000_000);
    site.services.recommend.forget(target!.id);
    const category = (await site.store.db.selectFrom('categories').select('slug').where('id', '=', target!.category_id!).executeTakeFirstOrThrow()).slug;
    // Seen everywhere first (and so cached).
    expect((await site.app.request(`/a/${target!.id}`)).status).toBe(200);
    expect(linksTo((await fetchPage(site, '/')).document, target!.id)).toBeGreaterThan(0);
    expect(linksTo((await fetchPage(site, `/c/${category}`)).document, target!.id)).toBeGreaterThan(0);
    expect(linksTo((await fetchPage(site, `/a/${other!.id}`)).document, target!.id)).toBeGreaterThan(0);

    const reference = await submit([target!.id]);
    const { articles } = await site.services.takedowns.accept(reference, 'article', 'admin');
    expect(articles.map((a) => a.id)).toEqual([target!.id]);

    const gone = await fetchPage(site, `/a/${target!.id}`);
    expect(gone.res.status).toBe(410);
    expect(textOf(gone.document.querySelector('h1'))).toBe('该文章因版权原因已删除');
    expect(linksTo((await fetchPage(site, '/')).document, target!.id)).toBe(0);
    expect(linksTo((await fetchPage(site, `/c/${category}`)).document, target!.id)).toBe(0);
    expect(linksTo((await fetchPage(site, `/a/${other!.id}`)).document, target!.id)).toBe(0);
    expect(await repos.blockedUrls.blockedAmong([target!.url])).toEqual(new Set([target!.url]));

    // The real pipeline refuses the URL when the source offers it again, under any guid.
    const source = (await site.store.db.selectFrom('sources').selectAll().where('id', '=', target!.source_id).executeTakeFirstOrThrow());
    const again = await ingestItems(repos, source, [{ guid: 'republished', url: target!.url, title: '重新发布', author: undefined, summary: '摘要', contentHtml: '<p>正文</p>', publishedAt: Date.now(), categories: [] }]);
    expect(again).toMatchObject({ blocked: 1, added: [] });

    const detail = await site.services.takedowns.detail(reference);
    expect(detail.request).toMatchObject({ status: 'accepted', scope: 'article', decided_by: 'admin' });
    expect(detail.mails.map((m) => m.subject).join('\n')).toContain('已删除');
    const entry = (await site.services.audit.list({}, 100)).entries.find((e) => e.action === 'takedown.accept' && e.target === `takedown:${reference}`)!;
    expect(entry.actor).toBe('admin');
    expect(JSON.parse(entry.before_json!)).toMatchObject({ status: 'pending', articles: [{ id: target!.id, status: 'published' }] });
    expect(JSON.parse(entry.after_json!)).toMatchObject({ status: 'accepted', articles: [{ id: target!.id, status: 'taken_down' }] });
    // Decided once only.
    await expect(site.services.takedowns.reject(reference, '迟到的驳回', 'admin')).rejects.toThrow(/already decided/);
  });

  it('accept with the story: every medium\'s copy of the text goes', async () => {
    const { storyId, articleIds } = await sharedDemoStory(site);
    const reference = await submit([articleIds[0]!]);
    const { articles } = await site.services.takedowns.accept(reference, 'story', 'admin');
    expect(articles.map((a) => a.id).sort((a, b) => a - b)).toEqual([...articleIds].sort((a, b) => a - b));
    for (const id of articleIds) expect((await site.app.request(`/a/${id}`)).status).toBe(410);
    expect((await site.app.request(`/story/${storyId}`)).status).toBe(404);
  });

  it('reject: nothing changes but the request, with its reason in the log and the notice', async () => {
    const [a] = await publishedArticles(1);
    const reference = await submit([a!.id]);
    await expect(site.services.takedowns.reject(reference, '  ', 'editor')).rejects.toThrow(/needs a reason/);
    await site.services.takedowns.reject(reference, '无法核实权属，请补充证明材料。', 'editor');
    expect((await site.app.request(`/a/${a!.id}`)).status).toBe(200);
    const detail = await site.services.takedowns.detail(reference);
    expect(detail.request).toMatchObject({ status: 'rejected', decision_reason: '无法核实权属，请补充证明材料。', decided_by: 'editor' });
    expect(detail.mails[0]!.body).toContain('无法核实权属');
    const entry = (await site.services.audit.list({}, 100)).entries.find((e) => e.action === 'takedown.reject' && e.target === `takedown:${reference}`)!;
    expect(JSON.parse(entry.after_json!)).toEqual({ status: 'rejected', reason: '无法核实权属，请补充证明材料。' });
  });
});
