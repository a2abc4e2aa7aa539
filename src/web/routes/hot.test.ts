import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOUR_MS } from '../../rank/hot-score.js';
import { createTestSite, fetchPage, type TestSite, textOf } from '../testing.js';
import { VISITOR_COOKIE } from '../visitor.js';

const BROWSER = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36';

let site: TestSite;
beforeAll(async () => {
  site = await createTestSite();
});
afterAll(() => site.close());

/** Published demo articles of a category, oldest id first. */
async function articlesIn(slug: string): Promise<Array<{ id: number; title: string }>> {
  return site.store.db
    .selectFrom('articles')
    .innerJoin('categories', 'categories.id', 'articles.category_id')
    .select(['articles.id', 'articles.title'])
    .where('categories.slug', '=', slug)
    .where('articles.status', '=', 'published')
    .orderBy('articles.id')
    .execute();
}

describe('/hot', () => {
  let surging: { id: number; title: string };
  let terms: string[];

  beforeAll(async () => {
    // A sports article read hard in the last three hours: the hottest story, and its keywords trend.
    surging = (await articlesIn('sports'))[0]!;
    const hour = Math.floor(Date.now() / HOUR_MS);
    await site.store.db
      .insertInto('article_view_hours')
      .values([0, 1, 2].map((age) => ({ article_id: surging!.id, hour: hour - age, views: 5000 })))
      .execute();
    await site.services.rank.refresh();
    terms = (await site.services.rank.trending(20)).map((t) => t.term);
  });

  it('lists the hottest stories with rank, 热度 and a link, and the trending terms linking to search', async () => {
    const { res, document } = await fetchPage(site, '/hot');
    expect(res.status).toBe(200);
    const items = [...document.querySelectorAll('.hot-item')];
    expect(items.length).toBeGreaterThan(10);
    expect(textOf(items[0]!.querySelector('.hot-rank'))).toBe('1');
    expect(items[0]!.querySelector('a')!.getAttribute('href')).toBe(`/a/${surging.id}`);
    expect(textOf(items[0]!.querySelector('.title'))).toBe(surging.title);
    expect(textOf(items[0]!.querySelector('.heat'))).toMatch(/^热度 \d+(\.\d万)?$/);
    // Ranks go 1, 2, 3… in order.
    expect(items.map((li) => Number(textOf(li.querySelector('.hot-rank'))))).toEqual(items.map((_, i) => i + 1));

    const stored = await site.services.rank.trending(20);
    expect(stored.length).toBeGreaterThan(0);
    const keywords = new Set((await site.store.db.selectFrom('article_keywords').select('term').where('article_id', '=', surging.id).execute()).map((r) => r.term));
    for (const t of stored) expect(keywords.has(t.term)).toBe(true);
    const links = [...document.querySelectorAll('.trending a')].map((a) => a.getAttribute('href'));
    expect(links).toEqual(terms.map((t) => `/search?q=${encodeURIComponent(t)}`));
    // 热榜 is in the header and is the current tab here.
    expect(document.querySelector('.tabs a[href="/hot"]')?.getAttribute('aria-current')).toBe('page');
  });

  it('has a list per category, and 404 for an unknown one', async () => {
    const sports = new Set((await articlesIn('sports')).map((a) => a.id));
    const { res, document } = await fetchPage(site, '/hot/sports');
    expect(res.status).toBe(200);
    expect(textOf(document.querySelector('h1'))).toBe('体育热榜');
    const ids = [...document.querySelectorAll('.hot-item a')].map((a) => Number(a.getAttribute('href')!.slice(3)));
    expect(ids[0]).toBe(surging.id);
    for (const id of ids) expect(sports.has(id)).toBe(true);
    expect((await site.app.request('/hot/no-such-category')).status).toBe(404);
  });
});

describe('猜你喜欢 on the article page (demo corpus)', () => {
  /** Reads the given articles as one visitor (a new one when no cookie is given); returns the cookie. */
  async function readAs(cookie: string | undefined, ids: number[]): Promise<string> {
    for (const id of ids) {
      const res = await site.app.request(`/a/${id}`, { headers: { 'user-agent': BROWSER, ...(cookie ? { cookie } : {}) } });
      expect(res.status).toBe(200);
      cookie ??= res.headers
        .getSetCookie()
        .find((c) => c.startsWith(`${VISITOR_COOKIE}=`))!
        .split(';')[0];
    }
    return cookie!;
  }

  const guessOf = async (path: string, cookie: string) => {
    const { document } = await fetchPage(site, path, { headers: { 'user-agent': BROWSER, cookie } });
    const section = document.querySelector('section[aria-labelledby="guess"]')!;
    return [...section.querySelectorAll('.card')].map((li) => ({
      id: Number(li.querySelector('a')!.getAttribute('href')!.slice(3)),
      reason: textOf(li.querySelector('.reason')),
    }));
  };

  it('shows two readers with different histories different lists, each item with its reason', async () => {
    const tech = await articlesIn('tech');
    const ent = await articlesIn('ent');
    const techReader = await readAs(undefined, tech.slice(0, 3).map((a) => a.id));
    const entReader = await readAs(undefined, ent.slice(0, 3).map((a) => a.id));
    await site.services.views.flush();

    // Both open the same page, one neither has read.
    const [page] = await articlesIn('politics');
    const forTech = await guessOf(`/a/${page!.id}`, techReader);
    const forEnt = await guessOf(`/a/${page!.id}`, entReader);
    expect(forTech).toHaveLength(6);
    expect(forEnt).toHaveLength(6);
    expect(forTech.map((g) => g.id)).not.toEqual(forEnt.map((g) => g.id));
    for (const g of [...forTech, ...forEnt]) expect(g.reason).toMatch(/^(因为你读过《.+》|同类热门|大家都在看|读过此文的人也在读)$/);
    // Each list leans to its reader's reads, and leaves them out.
    const techIds = new Set(tech.map((a) => a.id));
    const entIds = new Set(ent.map((a) => a.id));
    expect(forTech.filter((g) => techIds.has(g.id)).length).toBeGreaterThan(forTech.filter((g) => entIds.has(g.id)).length);
    expect(forEnt.filter((g) => entIds.has(g.id)).length).toBeGreaterThan(forEnt.filter((g) => techIds.has(g.id)).length);
    for (const a of tech.slice(0, 3)) expect(forTech.map((g) => g.id)).not.toContain(a.id);
    expect(forTech.some((g) => g.reason.startsWith('因为你读过《'))).toBe(true);
  });

  it('gives a reader it knows nothing of a full list, and shows 相关阅读 and 精彩推荐 without repeats', async () => {
    const [page] = await articlesIn('finance');
    const { document } = await fetchPage(site, `/a/${page!.id}`, { headers: { 'user-agent': BROWSER } });
    const ids = (selector: string) => [...document.querySelectorAll(`section[aria-labelledby="${selector}"] .card a`)].map((a) => a.getAttribute('href'));
    expect(ids('guess')).toHaveLength(6);
    expect(ids('picks').length).toBeGreaterThan(0);
    const all = [...ids('guess'), ...ids('picks'), ...ids('related')];
    expect(new Set(all).size).toBe(all.length);
    expect(all).not.toContain(`/a/${page!.id}`);
  });
});
