import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PAGE_SIZE } from '../articles/articles.js';
import { LocalBus, TOPICS } from '../cluster/bus.js';
import type { FeedItem } from '../ingest/item.js';
import { ingestItems } from '../ingest/pipeline.js';
import { reindexText } from '../ingest/reindex.js';
import type { Store } from '../store/db.js';
import { createRepos, type Repos } from '../store/repos/index.js';
import type { NewArticle, Source } from '../store/schema.js';
import { testDialects } from '../store/testing.js';
import { CANDIDATE_WINDOW, followArticleChanges, recencyFactor, SearchService } from './search.js';
import { MAX_QUERY_CHARS, searchDocumentOf } from './terms.js';
import { HOSTILE_QUERIES } from './testdata/hostile-queries.js';

const NOW = Date.UTC(2026, 10, 27, 8);
const DAY = 24 * 60 * 60 * 1000;

const dialects = await testDialects();

for (const dialect of dialects) {
  const title = dialect.skip ? `search on ${dialect.name} (skipped: ${dialect.skip})` : `search on ${dialect.name}`;
  describe.skipIf(dialect.skip !== undefined)(title, () => {
    let store: Store;
    let repos: Repos;
    let source: Source;
    let search: SearchService;
    let seq = 0;

    /** Stores an article and indexes it, as the pipeline does. */
    const add = async (over: Partial<NewArticle> & { title: string; content_text: string }) => {
      seq++;
      const row: NewArticle = {
        source_id: source.id,
        category_id: null,
        guid: `g${seq}`,
        url: `https://a.example/${seq}`,
        author: null,
        summary: over.content_text.slice(0, 60),
        content_html: `<p>${over.content_text}</p>`,
        lead_image: null,
        published_at: NOW - DAY,
        created_at: NOW,
        ...over,
      };
      const [id] = await repos.articles.insertManyIfNew([row]);
      await repos.search.index([searchDocumentOf(id!, row.title, row.content_text)]);
      return id!;
    };
    const ids = async (q: string, page = 1) => (await search.search({ q, page })).items.map((i) => i.id);

    beforeEach(async () => {
      store = await dialect.open();
      repos = createRepos(store);
      search = new SearchService(repos, { now: () => NOW });
      source = await repos.sources.upsert({ slug: 'src', name: '江州日报', site_url: null, feed_url: null, category_id: null, policy: 'full', enabled: 1, is_demo: 0, created_at: NOW });
    });
    afterEach(() => store.close());

    it('finds articles by a word of the title or the body, title matches first', async () => {
      const body = await add({ title: '市民周末出行指南', content_text: '周末天气晴好，不少市民选择乘坐地铁前往郊区公园踏青。' });
      const titled = await add({ title: '江州地铁三号线今日开通运营', content_text: '新线路全长二十公里，设站十五座，沿线居民出行更加便利。' });
      await add({ title: '秋季养生小常识', content_text: '专家建议多喝温水，保持规律作息。' });
      expect(await ids('地铁')).toEqual([titled, body]);
    });

    it('boosts recent articles among equal matches, but a title match still beats a fresher body mention', async () => {
      const text = '江州体育中心举办全民健身马拉松比赛，吸引上万名跑者参加。';
      const old = await add({ title: '全民健身马拉松开跑', content_text: text, published_at: NOW - 20 * DAY });
      const fresh = await add({ title: '全民健身马拉松开跑', content_text: text, published_at: NOW - DAY / 2 });
      const passing = await add({ title: '江州周末活动一览', content_text: '本周末有书展、音乐会，还有马拉松。', published_at: NOW - DAY / 4 });
      expect(await ids('马拉松')).toEqual([fresh, old, passing]);
      expect(recencyFactor(0)).toBe(2);
      expect(recencyFactor(10 * DAY)).toBeLessThan(recencyFactor(DAY));
    });

    it('needs every term of the query to match', async () => {
      const both = await add({ title: '新能源汽车销量创新高', content_text: '今年前十个月新能源汽车出口同比增长。' });
      await add({ title: '汽车以旧换新补贴发放', content_text: '燃油车置换也可申请补贴。' });
      expect(await ids('新能源 汽车')).toEqual([both]);
      expect(await ids('新能源汽车出口')).toEqual([both]);
    });

    it('finds a part of a long word (search-mode segmentation)', async () => {
      const id = await add({ title: '中华人民共和国成立纪念活动举行', content_text: '各地举行升旗仪式。' });
      expect(await ids('共和国')).toEqual([id]);
      expect(await ids('人民')).toEqual([id]);
    });

    it('matches regardless of width and case, and marks the original text', async () => {
      const id = await add({ title: 'ＩＰｈｏｎｅ新品发布会', content_text: '苹果公司发布新款iPhone手机。' });
      const [hit] = (await search.search({ q: 'iphone', page: 1 })).items;
      expect(hit?.id).toBe(id);
      expect(hit?.titleHtml).toBe('<mark>ＩＰｈｏｎｅ</mark>新品发布会');
      expect(hit?.snippetHtml).toContain('<mark>iPhone</mark>');
    });

    it('never returns hidden or taken-down articles, and drops them from the index on the status change', async () => {
      const shown = await add({ title: '江州图书馆延长开放时间', content_text: '图书馆周末开放到晚上十点。' });
      const hidden = await add({ title: '江州图书馆新馆奠基', content_text: '新馆预计两年后建成。' });
      const gone = await add({ title: '江州图书馆借阅量创纪录', content_text: '全年借阅超过百万册。' });
      await store.db.updateTable('articles').set({ status: 'hidden' }).where('id', '=', hidden).execute();
      await store.db.updateTable('articles').set({ status: 'taken_down' }).where('id', '=', gone).execute();
      expect(await ids('图书馆')).toEqual([shown]);
      // The database dropped their entries (triggers), whoever changed the status.
      expect(await repos.search.count(['图书馆'])).toBe(1);
      // Even an entry written for a hidden article is filtered out at query time.
      await repos.search.index([searchDocumentOf(hidden, '江州图书馆新馆奠基', '新馆预计两年后建成。')]);
      expect(await ids('图书馆')).toEqual([shown]);
    });

    it('indexes an article again when it is published again (article.changed on the bus)', async () => {
      const id = await add({ title: '江州湿地公园开园', content_text: '公园占地三百公顷。' });
      await store.db.updateTable('articles').set({ status: 'hidden' }).where('id', '=', id).execute();
      expect(await ids('湿地公园')).toEqual([]);
      const bus = new LocalBus();
      const errors: unknown[] = [];
      followArticleChanges(search, bus, (err) => errors.push(err));
      await store.db.updateTable('articles').set({ status: 'published' }).where('id', '=', id).execute();
      await bus.publish(TOPICS.articleChanged, { id });
      await expect.poll(() => ids('湿地公园')).toEqual([id]);
      await bus.publish(TOPICS.articleChanged, { id: 'not a number' });
      expect(errors).toEqual([]);
    });

    it('forgets a deleted article', async () => {
      const id = await add({ title: '江州动物园迎来大熊猫', content_text: '大熊猫将于下月与游客见面。' });
      await store.db.deleteFrom('article_stats').where('article_id', '=', id).execute();
      await store.db.deleteFrom('articles').where('id', '=', id).execute();
      expect(await repos.search.count(['大熊猫'])).toBe(0);
    });

    it('escapes hostile text in titles and snippets, adding only its own <mark>', async () => {
      await add({ title: '<script>alert(1)</script>地铁<b>新闻</b>', content_text: '"><img src=x onerror=alert(1)> 地铁 & 公交 \'换乘\'' });
      const [hit] = (await search.search({ q: '地铁', page: 1 })).items;
      expect(hit?.titleHtml).toBe('&lt;script&gt;alert(1)&lt;/script&gt;<mark>地铁</mark>&lt;b&gt;新闻&lt;/b&gt;');
      expect(hit?.snippetHtml).toBe('&quot;&gt;&lt;img src=x onerror=alert(1)&gt; <mark>地铁</mark> &amp; 公交 &#39;换乘&#39;');
    });

    it('cuts a snippet around the first match of a long text', async () => {
      const filler = '这是一段与主题无关的文字。'.repeat(30);
      await add({ title: '长文', content_text: `${filler}关键的台风预警今晚发布。${filler}` });
      const [hit] = (await search.search({ q: '台风', page: 1 })).items;
      expect(hit?.snippetHtml).toMatch(/^…[^<]*<mark>台风<\/mark>[^<]*…$/);
      expect(hit!.snippetHtml.length).toBeLessThan(200);
    });

    it('pages results PAGE_SIZE at a time', async () => {
      const n = PAGE_SIZE + 5;
      for (let i = 0; i < n; i++) await add({ title: `江州新闻第${i + 1}期 台风动态`, content_text: '台风过境后道路恢复通行。', published_at: NOW - i * 60_000 });
      const one = await search.search({ q: '台风', page: 1 });
      const two = await search.search({ q: '台风', page: 2 });
      expect([one.total, one.pages, one.items.length, two.items.length]).toEqual([n, 2, PAGE_SIZE, 5]);
      expect(new Set([...one.items, ...two.items].map((i) => i.id)).size).toBe(n);
      expect((await search.search({ q: '台风', page: 3 })).items).toEqual([]);
    });

    it('answers every hostile query with a page, never an error', async () => {
      await add({ title: '江州地铁三号线今日开通', content_text: '地铁开通运营，线路全长二十公里。' });
      for (const q of HOSTILE_QUERIES) {
        const page = await search.search({ q, page: 1 });
        expect(page.query.length, q).toBeLessThanOrEqual(MAX_QUERY_CHARS * 2);
        expect(page.items.every((i) => !/<(?!\/?mark>)/.test(i.titleHtml + i.snippetHtml)), q).toBe(true);
      }
      // Operators are words here: "地铁 AND 开通" finds the article through its two real terms.
      expect((await search.search({ q: '地铁 AND 开通', page: 1 })).total).toBe(1);
      expect((await search.search({ q: '的了是在和', page: 1 })).terms).toEqual([]);
    });

    it('ranks only the newest matches (the candidate window) but counts them all', async () => {
      const added = [];
      for (let i = 0; i < 8; i++) added.push(await add({ title: `第${i + 1}场 秋雨`, content_text: '秋雨绵绵，气温下降。', published_at: NOW - (8 - i) * DAY }));
      const narrow = new SearchService(repos, { now: () => NOW, window: 5 });
      const page = await narrow.search({ q: '秋雨', page: 1 });
      expect([page.total, page.pages]).toEqual([8, 1]);
      expect(page.items.map((i) => i.id).sort((a, b) => a - b)).toEqual(added.slice(3));
      expect(CANDIDATE_WINDOW).toBeGreaterThanOrEqual(10 * PAGE_SIZE);
    });

    it('indexes what the pipeline stores, and reindex rebuilds the index idempotently', async () => {
      const item = (guid: string, title: string, text: string): FeedItem => ({ guid, url: `https://a.example/${guid}`, title, author: undefined, summary: '', contentHtml: `<p>${text}</p>`, publishedAt: NOW - DAY, categories: [] });
      const res = await ingestItems(repos, source, [item('p1', '江州港口吞吐量再创新高', '集装箱吞吐量同比增长。'), item('p2', '港口夜景成网红打卡地', '夜晚灯光璀璨。')], { now: NOW });
      const [p1, p2] = res.added.map((a) => a.id);
      expect((await ids('港口')).sort()).toEqual([p1, p2].sort());
      await store.db.updateTable('articles').set({ status: 'hidden' }).where('id', '=', p2!).execute();
      await repos.search.clear();
      expect(await ids('港口')).toEqual([]);
      await reindexText(repos, () => {}, NOW);
      expect(await ids('港口')).toEqual([p1]);
      await reindexText(repos, () => {}, NOW);
      expect(await ids('港口')).toEqual([p1]);
      expect(await repos.search.count(['港口'])).toBe(1);
    });

    it('lists the published articles carrying a tag and gives an article its tags', async () => {
      const item = (guid: string, title: string, text: string, at: number): FeedItem => ({ guid, url: `https://a.example/${guid}`, title, author: undefined, summary: '', contentHtml: `<p>${text}</p>`, publishedAt: at, categories: [] });
      const text = '江州大桥主体结构完工，大桥连接南北两岸，大桥通车后过江时间缩短到五分钟。';
      const res = await ingestItems(repos, source, [item('t1', '江州大桥主体完工', text, NOW - 2 * DAY), item('t2', '大桥通车进入倒计时', `${text}大桥将于年底通车。`, NOW - DAY), item('t3', '大桥建设者的故事', `${text}建设者们昼夜奋战。`, NOW)], { now: NOW });
      const [t1, t2, t3] = res.added.map((a) => a.id);
      expect(await search.tagsOf(t1!)).toContain('大桥');
      await store.db.updateTable('articles').set({ status: 'hidden' }).where('id', '=', t3!).execute();
      const page = await search.tagged('大桥', 1);
      expect(page.items.map((a) => a.id)).toEqual([t2, t1]);
      expect(page.total).toBe(2);
      expect((await search.tagged('不存在的标签', 1)).total).toBe(0);
    });
  });
}
