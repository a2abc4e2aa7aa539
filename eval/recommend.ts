// Quality of 猜你喜欢 (issue 5, item 7): simulated readers with hidden interests (mixes of
// TNEWS categories and keyword tags, ../shared/data/tnews) read real headlines over
// simulated days; each reader's reads after a cutoff are held out, and the production
// recommender (src/recommend/, through the real ingest pipeline, repositories, keyword
// extraction, hot ranking and candidate index over a temporary SQLite database) is asked
// for 10 items at the cutoff. Reported: hit-rate@10 and nDCG@10 against a most-popular
// baseline (all-time and last 24 h) and a random one, all in the same run.
// The simulation is in src/recommend/eval/simulation.ts; seeded, so a run is reproducible.
//
//   npm run eval -- recommend [--readers N] [--days N] [--seed N] [--interest-share X]
//
// Exit code 0 when the target is met, 1 when missed, 2 on bad options or missing data.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { numberOptions } from '../bench/lib/options.js';
import { fixed, print, printChecks, table } from '../bench/lib/report.js';
import { LocalBus } from '../src/cluster/bus.js';
import type { FeedItem } from '../src/ingest/item.js';
import { ingestItems } from '../src/ingest/pipeline.js';
import { createRecommendation } from '../src/recommend/create.js';
import { RankingScore } from '../src/recommend/eval/metrics.js';
import { DAY_MS, DEFAULT_SIM, loadTnews, type Simulation, simulate } from '../src/recommend/eval/simulation.js';
import { seededRandom } from '../src/text/random.js';
import { openStore, type Store } from '../src/store/db.js';
import { migrateToLatest } from '../src/store/migrate.js';
import { createRepos, type Repos } from '../src/store/repos/index.js';
import { SHARED_DATA_DIR } from '../src/testing/shared-data.js';

export const description = '猜你喜欢 hit-rate@10 / nDCG@10 on simulated readers of TNEWS headlines, against most-popular and random (target ≥ 2× most-popular)';

const K = 10;
const TARGET_LIFT = 2;
const HOUR_MS = 3_600_000;
const FEED_SIZE = 200;

export async function run(args: string[]): Promise<number> {
  const opts = numberOptions(args, {
    readers: { default: DEFAULT_SIM.readers, min: 10, integer: true },
    days: { default: DEFAULT_SIM.days, min: 3, integer: true },
    seed: { default: DEFAULT_SIM.seed, min: 0, integer: true },
    'interest-share': { default: DEFAULT_SIM.interestShare, min: 0 },
  });
  const dir = join(SHARED_DATA_DIR, 'tnews');
  if (!existsSync(join(dir, 'unlabeled.json'))) {
    process.stderr.write(`eval recommend: ${dir} is missing; this evaluation needs the TNEWS headlines\n`);
    return 2;
  }
  const started = performance.now();
  const items = loadTnews(dir);
  const sim = simulate(items, { ...DEFAULT_SIM, readers: opts.readers, days: opts.days, seed: opts.seed, interestShare: Math.min(1, opts['interest-share']) });
  const heldOutReads = [...sim.heldOut.values()].reduce((s, h) => s + h.length, 0);
  print('Redian eval: 猜你喜欢 (offline, simulated readers)');
  print(
    `corpus     ${fixed(sim.articles.length)} TNEWS headlines (${fixed(sim.articles.filter((a) => a.item.label).length)} labelled) over ${opts.days} days, ` +
      `${DEFAULT_SIM.sources} sources; seed ${opts.seed}`,
  );
  print(
    `readers    ${fixed(opts.readers)}, ${fixed(sim.train.length)} reads before the cutoff, ${fixed(heldOutReads)} held out ` +
      `(${sim.heldOut.size} readers, up to ${DEFAULT_SIM.heldOut} each); ${Math.round(opts['interest-share'] * 100)}% of reads by interest, the rest by appeal`,
  );

  const store = await openStore({ url: ':memory:' });
  try {
    await migrateToLatest(store);
    const repos = createRepos(store);
    const loadStarted = performance.now();
    const idOf = await loadCorpus(store, repos, sim);
    await loadReads(store, sim, idOf);
    const keywordRows = await store.db.selectFrom('article_keywords').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    print(`store      ingested through the pipeline (sanitize, jieba keywords, stories) and reads stored in ${fixed((performance.now() - loadStarted) / 1000, 1)} s; ${fixed(Number(keywordRows.n))} keywords`);
    print();

    const indexOf = new Map([...idOf].map(([index, id]) => [id, index]));
    const { recommend } = createRecommendation(repos, new LocalBus(), (err) => {
      throw err;
    }, () => sim.cutoff);
    await recommend.warm();
    const scores = {
      personal: new RankingScore(),
      popular: new RankingScore(),
      popular24: new RankingScore(),
      random: new RankingScore(),
    };
    const readBy = new Map<number, Set<number>>();
    for (const r of sim.train) {
      let set = readBy.get(r.reader);
      if (!set) readBy.set(r.reader, (set = new Set()));
      set.add(r.article);
    }
    const allTime = mostRead(sim, 0);
    const lastDay = mostRead(sim, sim.cutoff - DAY_MS);
    const available = sim.articles.filter((a) => a.publishedAt < sim.cutoff).map((a) => a.index);
    const random = seededRandom(opts.seed + 1);
    const latencies: number[] = [];
    const reasons = new Map<string, number>();
    for (const [reader, held] of sim.heldOut) {
      const relevant = new Set(held);
      const read = readBy.get(reader) ?? new Set<number>();
      const t = performance.now();
      const list = await recommend.forYou(`r${reader}`, undefined, K);
      latencies.push(performance.now() - t);
      for (const c of list) {
        const kind = c.reason.startsWith('因为你读过') ? '因为你读过…' : c.reason;
        reasons.set(kind, (reasons.get(kind) ?? 0) + 1);
      }
      scores.personal.add(list.map((c) => indexOf.get(c.id)!), relevant, K);
      scores.popular.add(unread(allTime, read), relevant, K);
      scores.popular24.add(unread(lastDay, read), relevant, K);
      scores.random.add(randomUnread(available, read, random), relevant, K);
    }
    latencies.sort((a, b) => a - b);
    const rows = [
      ['list', 'hit-rate@10', 'nDCG@10', 'readers'],
      ...(
        [
          ['猜你喜欢 (src/recommend)', scores.personal],
          ['most popular (all reads)', scores.popular],
          ['most popular (last 24 h)', scores.popular24],
          ['random (unread)', scores.random],
        ] as const
      ).map(([name, s]) => [name, fixed(s.hitRate, 4), fixed(s.meanNdcg, 4), String(s.readers)]),
    ];
    for (const line of table(rows)) print(line);
    print();
    const share = [...reasons].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${fixed((100 * n) / Math.max(1, [...reasons.values()].reduce((s, x) => s + x, 0)))}%`);
    print(`reasons    ${share.join(', ')}`);
    print(`latency    猜你喜欢 in this run: p50 ${fixed(latencies[Math.floor(latencies.length / 2)] ?? 0, 2)} ms, p99 ${fixed(latencies[Math.floor(latencies.length * 0.99)] ?? 0, 2)} ms (first calls build the index; see npm run bench -- recommend)`);
    print(`time       ${fixed((performance.now() - started) / 1000, 1)} s`);
    print();
    const best = Math.max(scores.popular.hitRate, scores.popular24.hitRate);
    const lift = best > 0 ? scores.personal.hitRate / best : Infinity;
    const ok = printChecks([
      { name: 'hit-rate@10 vs the better most-popular baseline', actual: `${fixed(lift, 2)}×`, target: `≥ ${TARGET_LIFT}×`, ok: lift >= TARGET_LIFT },
    ]);
    return ok ? 0 : 1;
  } finally {
    await store.close();
  }
}

/** Categories for the TNEWS labels, sources, and every headline through the ingest pipeline; returns sim index → article id. */
async function loadCorpus(store: Store, repos: Repos, sim: Simulation): Promise<Map<number, number>> {
  const labels = new Map<string, string>();
  for (const a of sim.articles) if (a.item.label && a.item.labelZh) labels.set(a.item.label, a.item.labelZh);
  let position = 100;
  for (const [label, zh] of [...labels].sort()) {
    await store.db.insertInto('categories').values({ slug: `tn-${label}`, name: `${zh}（TNEWS）`, position: position++ }).execute();
  }
  const sources = [];
  for (let s = 0; s < DEFAULT_SIM.sources; s++) {
    sources.push(
      await repos.sources.upsert({ slug: `sim-${s}`, name: `模拟来源${s}`, site_url: `https://sim${s}.example/`, feed_url: null, category_id: null, policy: 'full', enabled: 1, is_demo: 0, created_at: sim.cutoff - 30 * DAY_MS }),
    );
  }
  // Oldest first, a feed's worth at a time, as a site would have received them.
  const byTime = [...sim.articles].sort((a, b) => a.publishedAt - b.publishedAt);
  for (let i = 0; i < byTime.length; i += FEED_SIZE) {
    const chunk = byTime.slice(i, i + FEED_SIZE);
    for (const [s, source] of sources.entries()) {
      const feed: FeedItem[] = chunk
        .filter((a) => a.source === s)
        .map((a) => ({
          guid: `tn-${a.index}`,
          url: `https://sim${s}.example/${a.index}.html`,
          title: a.item.sentence,
          author: undefined,
          summary: a.item.sentence,
          // The headline's tags stand in for a body: real bodies name what their tags say.
          contentHtml: `<p>${escape(a.item.sentence)}</p>${a.item.keywords.length ? `<p>${escape(a.item.keywords.join('，'))}</p>` : ''}`,
          publishedAt: a.publishedAt,
          categories: a.item.label ? [`tn-${a.item.label}`] : [],
        }));
      if (feed.length > 0) await ingestItems(repos, source, feed, { now: chunk[chunk.length - 1]!.publishedAt });
    }
  }
  const rows = await store.db.selectFrom('articles').select(['id', 'guid']).execute();
  return new Map(rows.map((r) => [Number(r.guid.slice(3)), r.id]));
}

/** The reads before the cutoff, as the audience side stores them: history, hourly counts, totals. */
async function loadReads(store: Store, sim: Simulation, idOf: Map<number, number>): Promise<void> {
  const hours = new Map<string, number>();
  const totals = new Map<number, number>();
  const rows = sim.train.map((r) => {
    const id = idOf.get(r.article)!;
    const key = `${id}:${Math.floor(r.at / HOUR_MS)}`;
    hours.set(key, (hours.get(key) ?? 0) + 1);
    totals.set(id, (totals.get(id) ?? 0) + 1);
    return { visitor_id: `r${r.reader}`, article_id: id, read_at: r.at };
  });
  await store.db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 500) await trx.insertInto('visitor_reads').values(rows.slice(i, i + 500)).execute();
    const hourRows = [...hours].map(([key, views]) => {
      const [article_id, hour] = key.split(':').map(Number) as [number, number];
      return { article_id, hour, views };
    });
    for (let i = 0; i < hourRows.length; i += 500) await trx.insertInto('article_view_hours').values(hourRows.slice(i, i + 500)).execute();
    for (const [id, n] of totals) await trx.updateTable('article_stats').set({ view_count: n }).where('article_id', '=', id).execute();
  });
}

/** Articles by how often they were read since `since` (before the cutoff), most first. */
function mostRead(sim: Simulation, since: number): number[] {
  const counts = new Map<number, number>();
  for (const r of sim.train) if (r.at >= since) counts.set(r.article, (counts.get(r.article) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([a]) => a);
}

function unread(ranked: number[], read: Set<number>): number[] {
  const out: number[] = [];
  for (const a of ranked) {
    if (out.length === K) break;
    if (!read.has(a)) out.push(a);
  }
  return out;
}

function randomUnread(available: number[], read: Set<number>, random: () => number): number[] {
  const out = new Set<number>();
  for (let tries = 0; out.size < K && tries < 1000; tries++) {
    const a = available[Math.floor(random() * available.length)]!;
    if (!read.has(a)) out.add(a);
  }
  return [...out];
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
