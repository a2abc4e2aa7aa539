import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalBus, TOPICS } from '../cluster/bus.js';
import { HOUR_MS } from '../rank/hot-score.js';
import type { RankService } from '../rank/rank.js';
import { type Store, openStore } from '../store/db.js';
import { migrateToLatest } from '../store/migrate.js';
import { createRepos, type Repos } from '../store/repos/index.js';
import { createRecommendation } from './create.js';
import type { RecommendationService } from './lists.js';

const NOW = Date.UTC(2026, 10, 27, 12, 30);

/** A small site: topics with their own keywords, several sources, reads and hourly counts. */
const TOPICS_BY_CATEGORY: Record<string, string[]> = {
  tech: ['芯片', '手机', '人工智能', '算力', '半导体'],
  sports: ['足球', '联赛', '球员', '冠军', '进球'],
  finance: ['股市', '央行', '利率', '基金', '债券'],
  autos: ['电动车', '续航', '充电桩', '车企', '销量'],
};

interface World {
  ids: Record<string, number[]>;
  categoryOf: Map<number, number>;
  sourceOf: Map<number, number>;
  storyOf: Map<number, number>;
}

async function buildWorld(store: Store, repos: Repos): Promise<World> {
  const sources: number[] = [];
  for (let s = 0; s < 5; s++) {
    sources.push(
      (await repos.sources.upsert({ slug: `src-${s}`, name: `来源${s}`, site_url: null, feed_url: null, category_id: null, policy: 'full', enabled: 1, is_demo: 0, created_at: NOW })).id,
    );
  }
  const world: World = { ids: {}, categoryOf: new Map(), sourceOf: new Map(), storyOf: new Map() };
  let n = 0;
  for (const [slug, terms] of Object.entries(TOPICS_BY_CATEGORY)) {
    const category = (await repos.categories.bySlug(slug))!;
    world.ids[slug] = [];
    for (let i = 0; i < 8; i++, n++) {
      const source = sources[n % sources.length]!;
      const [id] = (await repos.articles.insertManyIfNew([
        {
          source_id: source,
          category_id: category.id,
          guid: `${slug}-${i}`,
          url: `https://news.example/${slug}/${i}`,
          title: `${terms[i % terms.length]}新闻${i}`,
          author: null,
          summary: '摘要',
          content_html: '<p>正文</p>',
          content_text: '正文',
          lead_image: null,
          published_at: NOW - (i + 1) * HOUR_MS,
          created_at: NOW - (i + 1) * HOUR_MS,
        },
      ])) as number[];
      const story = (await repos.stories.startMany([{ id: id!, title: 't' }], NOW)).get(id!)!;
      // Three keywords from the topic, rotating, so articles of a topic share some terms.
      await repos.text.insertKeywords([0, 1, 2].map((k) => ({ article_id: id!, term: terms[(i + k) % terms.length]!, weight: 0.3 - k * 0.05 })));
      world.ids[slug]!.push(id!);
      world.categoryOf.set(id!, category.id);
      world.sourceOf.set(id!, source);
      world.storyOf.set(id!, story);
    }
  }
  // Everyone reads finance a little this hour; sports most.
  const hour = Math.floor(NOW / HOUR_MS);
  const rows = [
    ...world.ids.sports!.map((id, i) => ({ article_id: id, hour, views: 100 - i })),
    ...world.ids.finance!.map((id, i) => ({ article_id: id, hour, views: 50 - i })),
    ...world.ids.tech!.map((id, i) => ({ article_id: id, hour: hour - 1, views: 30 - i })),
    ...world.ids.autos!.map((id, i) => ({ article_id: id, hour: hour - 2, views: 20 - i })),
  ];
  await store.db.insertInto('article_view_hours').values(rows).execute();
  return world;
}

async function read(store: Store, visitor: string, articleIds: number[], at = NOW - HOUR_MS): Promise<void> {
  await store.db
    .insertInto('visitor_reads')
    .values(articleIds.map((article_id, i) => ({ visitor_id: visitor, article_id, read_at: at - i * 60_000 })))
    .execute();
}

describe('猜你喜欢, 精彩推荐, 相关阅读', () => {
  let store: Store;
  let repos: Repos;
  let world: World;
  let recommend: RecommendationService;
  let rank: RankService;
  let bus: LocalBus;

  beforeEach(async () => {
    store = await openStore({ url: ':memory:' });
    await migrateToLatest(store);
    repos = createRepos(store);
    world = await buildWorld(store, repos);
    bus = new LocalBus();
    ({ recommend, rank } = createRecommendation(repos, bus, (err) => {
      throw err;
    }, () => NOW));
  });
  afterEach(async () => {
    await store.close();
  });

  it('recommends from what a reader read, saying why, without what they read', async () => {
    const readTech = world.ids.tech!.slice(0, 3);
    await read(store, 'reader-tech', readTech);
    const list = await recommend.forYou('reader-tech', undefined, 10);
    expect(list).toHaveLength(10);
    const ids = list.map((c) => c.id);
    for (const id of readTech) expect(ids).not.toContain(id);
    // The best matches are the other tech articles, because of a tech article read.
    const techTitles = new Set((await repos.recommend.facts(readTech)).map((f) => f.title));
    const first = list[0]!;
    expect(world.ids.tech).toContain(first.id);
    const because = /^因为你读过《(.+)》$/.exec(first.reason);
    expect(because, first.reason).not.toBeNull();
    expect([...techTitles].some((t) => t.startsWith(because![1]!.replace(/…$/, '')))).toBe(true);
    // No more than 3 from one category, 2 from one source, one per story.
    const count = (key: (id: number) => number | undefined) => {
      const m = new Map<number | undefined, number>();
      for (const id of ids) m.set(key(id), (m.get(key(id)) ?? 0) + 1);
      return Math.max(...m.values());
    };
    expect(count((id) => world.categoryOf.get(id))).toBeLessThanOrEqual(3);
    expect(count((id) => world.sourceOf.get(id))).toBeLessThanOrEqual(2);
    expect(new Set(ids.map((id) => world.storyOf.get(id))).size).toBe(ids.length);
  });

  it('gives two readers with different histories different lists', async () => {
    await read(store, 'reader-tech', world.ids.tech!.slice(0, 3));
    await read(store, 'reader-autos', world.ids.autos!.slice(0, 3));
    const tech = (await recommend.forYou('reader-tech')).map((c) => c.id);
    const autos = (await recommend.forYou('reader-autos')).map((c) => c.id);
    expect(tech).not.toEqual(autos);
    expect(world.ids.tech).toContain(tech[0]);
    expect(world.ids.autos).toContain(autos[0]);
  });

  it('gives a new reader the hot stories, mixed across categories, never an empty list', async () => {
    const list = await recommend.forYou(undefined, undefined, 10);
    expect(list).toHaveLength(10);
    expect(list[0]!.reason).toBe('大家都在看');
    const hot = (await rank.hotStories()).map((s) => s.articleId);
    expect(list[0]!.id).toBe(hot[0]);
    const categories = new Set(list.map((c) => world.categoryOf.get(c.id)));
    expect(categories.size).toBeGreaterThanOrEqual(4);
    // An unknown visitor id is the same as none.
    expect((await recommend.forYou('nobody', undefined, 10)).map((c) => c.id)).toEqual(list.map((c) => c.id));
  });

  it('recommends what readers of this article also read', async () => {
    const page = world.ids.autos![5]!;
    const also = world.ids.finance![7]!;
    for (const v of ['x', 'y', 'z']) await read(store, v, [page, also]);
    await recommend.warm();
    const list = await recommend.forYou('newcomer', { id: page, story_id: world.storyOf.get(page)! });
    expect(list.map((c) => c.id)).not.toContain(page);
    expect(list.find((c) => c.id === also)?.reason).toBe('读过此文的人也在读');
  });

  it('knows what a reader is reading before the read is stored', async () => {
    await read(store, 'r', [world.ids.sports![0]!]);
    expect((await recommend.forYou('r')).map((c) => c.id)).toContain(world.ids.tech![1]);
    const tech = world.ids.tech![1]!;
    recommend.noteRead('r', tech);
    expect((await recommend.forYou('r')).map((c) => c.id)).not.toContain(tech);
  });

  it('puts featured articles first in 精彩推荐, then the hottest of the last 24 h', async () => {
    const featured = world.ids.autos![7]!;
    await repos.articles.setFeatured([featured], true);
    const picks = await recommend.editorsPicks([]);
    expect(picks[0]!.id).toBe(featured);
    const hot = (await rank.hotStories()).map((s) => s.articleId);
    expect(picks[1]!.id).toBe(hot[0]);
    // Nothing already on the page.
    expect((await recommend.editorsPicks([{ id: featured, story_id: null }])).map((c) => c.id)).not.toContain(featured);
  });

  it('finds related articles by shared keywords, other stories only', async () => {
    const article = world.ids.sports![0]!;
    const related = await recommend.related({ id: article, story_id: world.storyOf.get(article)!, category_id: world.categoryOf.get(article)! });
    expect(related.length).toBeGreaterThan(0);
    for (const c of related) {
      expect(world.ids.sports).toContain(c.id);
      expect(c.id).not.toBe(article);
    }
  });

  it('drops an article hidden by an editor once the change is announced', async () => {
    const list = await recommend.forYou(undefined, undefined, 10);
    const gone = list[0]!.id;
    await store.db.updateTable('articles').set({ status: 'hidden' }).where('id', '=', gone).execute();
    await bus.publish(TOPICS.articleChanged, { id: gone });
    expect((await recommend.forYou(undefined, undefined, 10)).map((c) => c.id)).not.toContain(gone);
    expect((await recommend.editorsPicks([])).map((c) => c.id)).not.toContain(gone);
  });
});
