import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Enricher } from '../ingest/enrich.js';
import type { FeedItem } from '../ingest/item.js';
import { ingestItems } from '../ingest/pipeline.js';
import { reindexText } from '../ingest/reindex.js';
import type { Store } from '../store/db.js';
import { createRepos, type Repos } from '../store/repos/index.js';
import type { Source } from '../store/schema.js';
import { testDialects } from '../store/testing.js';
import { analyzeText } from '../text/analyze.js';
import { hammingDistance, SAME_TEXT_DISTANCE, toHex } from '../text/simhash.js';

const dialects = await testDialects();
const T0 = Date.UTC(2026, 10, 20);
const HOUR = 3600_000;

const BODY = [
  '江州市政府今天发布老旧小区改造三年行动方案，计划在三年内完成全市一千二百个老旧小区的综合改造，涉及居民约三十万户。',
  '方案明确，改造内容包括加装电梯、更新供水管线、增设充电设施和社区养老服务站，资金由市区两级财政和社会资本共同筹措。',
  '市住建局负责人在发布会上说，首批改造项目将于下月开工，居民可以通过社区议事会参与方案设计，并对施工质量进行监督。',
];
const MORE = [
  '据介绍，今年全市已有八十个小区完成试点改造，加装电梯二百一十部，新建停车位三千余个，居民满意度达到九成以上。',
  '针对部分居民担心的施工扰民问题，方案要求各施工单位合理安排作业时间，夜间和中高考期间一律停止噪声较大的作业。',
];
const OTHER = '今年前十个月，全国新能源汽车销量同比增长三成，出口量首次突破百万辆，动力电池装车量和充电桩保有量同步攀升。';

const item = (guid: string, body: string, publishedAt: number, title = `标题${guid}`): FeedItem => ({
  guid,
  url: `https://s.example/${guid}`,
  title,
  author: undefined,
  summary: '',
  contentHtml: body
    .split('\n')
    .map((p) => `<p>${p}</p>`)
    .join(''),
  publishedAt,
  categories: [],
});

for (const dialect of dialects) {
  const title = dialect.skip ? `stories and text index on ${dialect.name} (skipped: ${dialect.skip})` : `stories and text index on ${dialect.name}`;
  describe.skipIf(dialect.skip !== undefined)(title, () => {
    let store: Store;
    let repos: Repos;
    let a: Source;
    let b: Source;
    const source = (slug: string) =>
      repos.sources.upsert({ slug, name: slug, site_url: null, feed_url: null, category_id: null, policy: 'full', enabled: 1, is_demo: 0, created_at: T0 });

    beforeEach(async () => {
      store = await dialect.open();
      repos = createRepos(store);
      a = await source('a');
      b = await source('b');
    });
    afterEach(() => store.close());

    const storyOf = async (guid: string) => {
      const row = await store.db.selectFrom('articles').select(['id', 'story_id']).where('guid', '=', guid).executeTakeFirstOrThrow();
      const story = row.story_id === null ? undefined : await repos.stories.byId(row.story_id);
      return { id: row.id, story };
    };

    it('records document frequencies, 5–10 keywords and fingerprints as articles are stored', async () => {
      await ingestItems(repos, a, [item('a1', BODY.join('\n'), T0), item('a2', OTHER, T0)], { now: T0 });
      const { documents, df } = await repos.text.corpus(['改造', '汽车', '从未见过']);
      expect(documents).toBe(2);
      expect(df.get('改造')).toBe(1);
      expect(df.has('从未见过')).toBe(false);
      const a1 = await storyOf('a1');
      const keywords = await repos.text.keywordsOf(a1.id);
      expect(keywords.length).toBeGreaterThanOrEqual(5);
      expect(keywords.length).toBeLessThanOrEqual(10);
      expect(keywords[0]!.term).toBe('改造');
      const fp = await repos.text.fingerprintOf(a1.id);
      const expected = analyzeText('标题a1', BODY.join('\n'));
      expect(fp).toMatchObject({ simhash: toHex(expected.simhash), content_hash: expected.contentHash });

      // A second feed counts on top of the first; an item already stored counts once.
      await ingestItems(repos, a, [item('a1', BODY.join('\n'), T0), item('a3', BODY[0]!, T0)], { now: T0 });
      const after = await repos.text.corpus(['改造']);
      expect(after.documents).toBe(3);
      expect(after.df.get('改造')).toBe(2);
    });

    it('puts a reprint in the story of the earliest same text, and other texts in stories of their own', async () => {
      await ingestItems(repos, a, [item('orig', BODY.join('\n'), T0, '江州发布老旧小区改造方案'), item('other', OTHER, T0 + HOUR)], { now: T0 });
      // Retitled, reformatted, a word changed: still the same text.
      const reprint = BODY.join('\n').replace('下月', '下个月').replace(/，/g, ', ');
      await ingestItems(repos, b, [item('reprint', reprint, T0 + 2 * HOUR, '江州三年改造1200个老旧小区')], { now: T0 + 2 * HOUR });
      const orig = await storyOf('orig');
      const rep = await storyOf('reprint');
      const other = await storyOf('other');
      expect(rep.story!.id).toBe(orig.story!.id);
      expect(rep.story).toMatchObject({ original_article_id: orig.id, article_count: 2, title: '江州发布老旧小区改造方案', updated_at: T0 + 2 * HOUR });
      expect(other.story!.id).not.toBe(orig.story!.id);
      expect(other.story).toMatchObject({ original_article_id: other.id, article_count: 1 });
      expect(await repos.stories.articleIds(orig.story!.id)).toEqual([orig.id, rep.id]);
    });

    it('makes an earlier article that arrives later the original, and matches within one feed', async () => {
      await ingestItems(repos, a, [item('late-copy', BODY.join('\n'), T0 + 5 * HOUR, '转载')], { now: T0 + 6 * HOUR });
      await ingestItems(
        repos,
        b,
        [item('copy-2', BODY.join('\n'), T0 + 3 * HOUR, '又一转载'), item('first', `${BODY.join('\n')}\n责任编辑：李明`, T0, '首发')],
        { now: T0 + 6 * HOUR },
      );
      const first = await storyOf('first');
      const late = await storyOf('late-copy');
      const copy2 = await storyOf('copy-2');
      expect(new Set([first.story!.id, late.story!.id, copy2.story!.id]).size).toBe(1);
      expect(first.story).toMatchObject({ original_article_id: first.id, title: '首发', article_count: 3 });
      expect((await store.db.selectFrom('stories').select('id').execute()).length).toBe(1);
    });

    it("puts a reprint that dropped a paragraph in the original's story by its other paragraphs, but not a quotation", async () => {
      const original = [...BODY, ...MORE];
      const without = (i: number) => original.filter((_, j) => j !== i).join('\n');
      // One of five paragraphs gone moves the SimHash past the distance (checked, so the paragraphs decide).
      for (const i of [1, 3]) expect(hammingDistance(analyzeText('t', original.join('\n')).simhash, analyzeText('t', without(i)).simhash)).toBeGreaterThan(SAME_TEXT_DISTANCE);
      // Two of five quoted in another article: not more than half of it, nor of a four-paragraph reprint.
      const quoting = [BODY[0]!, OTHER, MORE[0]!, '新能源汽车下乡活动本周末在江州会展中心举行，三十多个品牌参展，现场购车可领取地方消费券。', '业内人士认为，充电设施的完善和电池成本的下降，是新能源汽车销量持续增长的主要原因。'];
      // Within one feed: the earlier is the original.
      await ingestItems(repos, a, [item('dropped', without(3), T0 + HOUR), item('orig', original.join('\n'), T0)], { now: T0 + HOUR });
      // Against stored paragraphs.
      await ingestItems(repos, b, [item('dropped-2', without(1), T0 + 2 * HOUR), item('quoting', quoting.join('\n'), T0 + 2 * HOUR)], { now: T0 + 2 * HOUR });
      const orig = await storyOf('orig');
      expect(orig.story).toMatchObject({ original_article_id: orig.id, article_count: 3 });
      expect((await storyOf('dropped')).story!.id).toBe(orig.story!.id);
      expect((await storyOf('dropped-2')).story!.id).toBe(orig.story!.id);
      expect((await storyOf('quoting')).story).toMatchObject({ article_count: 1 });
      const rows = await store.db.selectFrom('article_paragraphs').select(['hash', 'paragraphs']).where('article_id', '=', orig.id).execute();
      expect(rows.map((r) => r.hash).sort()).toEqual(analyzeText('t', original.join('\n')).paragraphs.sort());
      expect(rows.map((r) => r.paragraphs)).toEqual([5, 5, 5, 5, 5]);

      // Reindex forgets the paragraph hashes and builds them again, with the same stories.
      const before = await store.db.selectFrom('article_paragraphs').select(['article_id', 'hash', 'paragraphs']).orderBy('article_id').orderBy('hash').execute();
      expect(before.length).toBe(5 + 4 + 4 + 5);
      await reindexText(repos);
      expect(await store.db.selectFrom('article_paragraphs').select(['article_id', 'hash', 'paragraphs']).orderBy('article_id').orderBy('hash').execute()).toEqual(before);
      const again = await storyOf('orig');
      expect(again.story).toMatchObject({ original_article_id: orig.id, article_count: 3 });
      expect((await storyOf('dropped-2')).story!.id).toBe(again.story!.id);
      expect((await storyOf('quoting')).story).toMatchObject({ article_count: 1 });
    });

    it('never puts two texts in one story for being empty or too short to fingerprint', async () => {
      await ingestItems(repos, a, [item('e1', '', T0, ''), item('e2', '', T0, ''), item('s1', '图片新闻', T0, '快讯'), item('s2', '视频新闻', T0, '快讯')], { now: T0 });
      const stories = await Promise.all(['e1', 'e2', 's1', 's2'].map(async (g) => (await storyOf(g)).story!.id));
      expect(new Set(stories).size).toBe(4);
    });

    it('finds candidates by any one band or the content hash, and checks the distance', async () => {
      const ids = (await repos.articles.insertManyIfNew(
        ['x', 'y', 'z'].map((guid, i) => ({
          source_id: a.id,
          category_id: null,
          guid,
          url: `https://s.example/${guid}`,
          title: guid,
          author: null,
          summary: '',
          content_html: '<p>x</p>',
          content_text: 'x',
          lead_image: null,
          published_at: T0 + i,
          created_at: T0,
        })),
      )) as number[];
      const enricher = new Enricher(repos);
      const analysis = (hi: number, lo: number, contentHash: string) => ({ counts: new Map<string, number>(), simhash: { hi: hi >>> 0, lo: lo >>> 0 }, contentHash, paragraphs: [], titleTerms: [], bodyTerms: [] });
      // x: a stored hash; y differs from it in 3 bits spread over 3 bands (same text);
      // z differs in 4 bits, one in each band (a different text, though it shares no band at all).
      await enricher.cluster([{ id: ids[0]!, title: 'x', publishedAt: T0, analysis: analysis(0x12345678, 0x9abcdef0, 'h-x') }], T0);
      await enricher.cluster(
        [
          { id: ids[1]!, title: 'y', publishedAt: T0 + 1, analysis: analysis(0x12345678 ^ 0x00010001, 0x9abcdef0 ^ 0x00010000, 'h-y') },
          { id: ids[2]!, title: 'z', publishedAt: T0 + 2, analysis: analysis(0x12345678 ^ 0x00010001, 0x9abcdef0 ^ 0x00010001, 'h-z') },
        ],
        T0,
      );
      const story = async (id: number) => (await store.db.selectFrom('articles').select('story_id').where('id', '=', id).executeTakeFirstOrThrow()).story_id;
      expect(await story(ids[1]!)).toBe(await story(ids[0]!));
      // z is 1 bit from y, whose fingerprint was probed in the same batch: same text as y.
      expect(await story(ids[2]!)).toBe(await story(ids[0]!));
      const candidates = await repos.text.candidates([{ bands: [0x1234, 0, 0, 0], contentHash: 'none' }]);
      expect(candidates.map((c) => c.article_id)).toEqual([ids[0]!]);
      const byHash = await repos.text.candidates([{ bands: [1, 2, 3, 4], contentHash: 'h-z' }]);
      expect(byHash.map((c) => c.article_id)).toEqual([ids[2]!]);
    });

    it('forgets everything on clear, and deleted articles take their index rows along', async () => {
      await ingestItems(repos, a, [item('a1', BODY.join('\n'), T0)], { now: T0 });
      await store.db.deleteFrom('articles').execute();
      expect(await store.db.selectFrom('article_keywords').selectAll().execute()).toEqual([]);
      expect(await store.db.selectFrom('article_fingerprints').selectAll().execute()).toEqual([]);
      expect(await store.db.selectFrom('article_paragraphs').selectAll().execute()).toEqual([]);
      await repos.text.clear();
      await repos.stories.clear();
      expect(await repos.text.documentCount()).toBe(0);
      expect(await store.db.selectFrom('term_df').selectAll().execute()).toEqual([]);
      expect(await store.db.selectFrom('stories').selectAll().execute()).toEqual([]);
    });
  });
}
