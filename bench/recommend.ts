// 猜你喜欢 latency at 100k articles and 10k visitors with histories: the production
// recommender (src/recommend/ over the app's repositories, SQLite) asked for the list of
// an article page, for known visitors and new ones, one request at a time; against a
// baseline in the same run: the page's non-personalized list (精彩推荐: featured and hot
// stories from memory, minus what the page shows), i.e. what personalizing adds.
//
//   npm run bench -- recommend [--articles N] [--visitors N] [--reads N] [--requests N]
//
// Exit code 0 when every target is met, 1 when one is missed, 2 on bad options.
import { join } from 'node:path';
import { LocalBus } from '../src/cluster/bus.js';
import { createRecommendation } from '../src/recommend/create.js';
import { LIST_SIZE } from '../src/recommend/lists.js';
import { openStore } from '../src/store/db.js';
import { createRepos } from '../src/store/repos/index.js';
import { rng } from './lib/corpus.js';
import { numberOptions } from './lib/options.js';
import { type Check, fixed, print, printChecks, seconds, table } from './lib/report.js';
import { seedReading } from './lib/reading.js';
import { benchRun } from './lib/run-dir.js';
import { createBenchDatabase } from './lib/seed.js';

export const description = '猜你喜欢 latency p50/p99 at 100k articles and 10k visitors with histories, against the non-personal 精彩推荐';

const TARGET_P99_MS = 5;
/** Share of requests from visitors with no history (a new id, or none). */
const NEW_VISITORS = 0.2;

export async function run(args: string[]): Promise<number> {
  const opts = numberOptions(args, {
    articles: { default: 100_000, min: 100, integer: true },
    visitors: { default: 10_000, min: 1, integer: true },
    reads: { default: 30, min: 2, integer: true },
    requests: { default: 20_000, min: 100, integer: true },
  });
  return benchRun('猜你喜欢 (recommend)', async (dir) => {
    const now = Date.now();
    const db = await createBenchDatabase({ file: join(dir, 'redian.db'), articles: opts.articles, now });
    const reading = seedReading({ file: db.file, visitors: opts.visitors, readsPerVisitor: opts.reads, now });
    print(
      `database   ${fixed(db.articles)} articles + ${db.demoArticles} demo, ${fixed(reading.keywords)} keywords; ${fixed(opts.visitors)} visitors with ` +
        `${fixed(reading.reads)} reads (${fixed(reading.reads / opts.visitors, 1)} each), ${fixed(reading.viewHours)} hourly counts; seeded in ${seconds(db.seedMs + reading.ms)}`,
    );

    const store = await openStore({ url: db.file });
    try {
      const repos = createRepos(store);
      const { recommend, rank } = createRecommendation(repos, new LocalBus(), (err) => {
        throw err;
      });
      // The in-memory state every node builds once a minute (in the background after the first time).
      const t = performance.now();
      await recommend.warm();
      const warmMs = performance.now() - t;
      const hot = await rank.hotStories();
      print(`memory     hot ranking, candidate index and co-reading built in ${seconds(warmMs)} (${fixed(hot.length)} hot stories)`);

      // Pages: recent articles (those read and recommended), as readers land on them.
      const pages = await store.db
        .selectFrom('articles')
        .select(['id', 'story_id', 'category_id'])
        .where('status', '=', 'published')
        .orderBy('published_at', 'desc')
        .limit(2000)
        .execute();
      const random = rng(11);
      const requests = Array.from({ length: opts.requests }, (_, i) => ({
        page: pages[Math.floor(random() * pages.length)]!,
        visitor: random() < NEW_VISITORS ? `new-visitor-${i}` : reading.visitorIds[Math.floor(random() * reading.visitorIds.length)]!,
      }));

      // Alternating halves, so a noisy moment hits both.
      const personal: number[] = [];
      const baseline: number[] = [];
      let items = 0;
      const half = Math.ceil(requests.length / 2);
      for (const part of [requests.slice(0, half), requests.slice(half)]) {
        for (const r of part) {
          const s = performance.now();
          const list = await recommend.forYou(r.visitor, r.page, LIST_SIZE);
          personal.push(performance.now() - s);
          items += list.length;
        }
        for (const r of part) {
          const s = performance.now();
          await recommend.editorsPicks([r.page]);
          baseline.push(performance.now() - s);
        }
      }
      const p = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * q))]!;
      const rows = [
        ['', 'p50 ms', 'p99 ms', 'max ms', 'requests'],
        ['猜你喜欢 (personal, in memory)', fixed(p(personal, 0.5), 3), fixed(p(personal, 0.99), 3), fixed(p(personal, 1), 1), fixed(personal.length)],
        ['baseline: 精彩推荐 (not personal)', fixed(p(baseline, 0.5), 3), fixed(p(baseline, 0.99), 3), fixed(p(baseline, 1), 1), fixed(baseline.length)],
      ];
      print(`load       ${fixed(opts.requests)} article-page lists of ${LIST_SIZE}, one at a time; ${NEW_VISITORS * 100}% new visitors; first request of each visitor reads their history`);
      print();
      for (const line of table(rows)) print(line);
      print(`ratio      p99 猜你喜欢 / p99 精彩推荐: ${fixed(p(personal, 0.99) / p(baseline, 0.99), 2)}; ${fixed(items / personal.length, 2)} items per list`);
      print();
      const checks: Check[] = [
        { name: '猜你喜欢 p99', actual: `${fixed(p(personal, 0.99), 2)} ms`, target: `< ${TARGET_P99_MS} ms`, ok: p(personal, 0.99) < TARGET_P99_MS },
        { name: 'lists full', actual: fixed(items / personal.length, 2), target: `= ${LIST_SIZE}`, ok: items === personal.length * LIST_SIZE },
      ];
      return printChecks(checks) ? 0 : 1;
    } finally {
      await store.close();
    }
  });
}
