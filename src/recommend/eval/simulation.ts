import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededRandom } from '../../text/random.js';

// Simulated readers for the offline evaluation of 猜你喜欢 (eval/recommend.ts). Articles
// are real TNEWS headlines; each reader has hidden interests (a mix of categories and of
// keywords from the headlines' own keyword tags, which the recommender never sees: it works
// from the keywords Redian extracts itself) and reads over simulated days, partly by those
// interests, partly what everyone reads. Everything is drawn from one seeded generator.

export const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export interface TnewsItem {
  sentence: string;
  /** The headline's keyword tags (TNEWS' own). */
  keywords: string[];
  /** e.g. news_tech; undefined for the unlabeled part. */
  label: string | undefined;
  labelZh: string | undefined;
}

export interface SimArticle {
  index: number;
  item: TnewsItem;
  publishedAt: number;
  source: number;
  /** How much readers like it whatever their interests: a few headlines everybody clicks. */
  appeal: number;
}

export interface SimRead {
  reader: number;
  article: number;
  at: number;
}

export interface SimOptions {
  seed: number;
  readers: number;
  days: number;
  sources: number;
  /** Share of reads driven by the reader's interests (the rest: what is popular). */
  interestShare: number;
  /** Reads per reader held out on the last day. */
  heldOut: number;
  /** Mean reads per reader per day. */
  readsPerDay: number;
  start: number;
}

export const DEFAULT_SIM: SimOptions = {
  seed: 7,
  readers: 2000,
  days: 10,
  sources: 24,
  interestShare: 0.7,
  heldOut: 2,
  readsPerDay: 2.5,
  start: Date.UTC(2026, 9, 1),
};

export interface Simulation {
  articles: SimArticle[];
  /** Reads before the cutoff: they go into the database. */
  train: SimRead[];
  /** Per reader, the articles read after the cutoff (never stored): what a good list contains. */
  heldOut: Map<number, number[]>;
  /** Recommendations are asked for at this time. */
  cutoff: number;
  /** Per reader: hidden categories and keywords (for the report only). */
  interests: Array<{ categories: string[]; keywords: string[] }>;
}


/** Labelled headlines and the unlabeled ones that carry keyword tags. */
export function loadTnews(dir: string): TnewsItem[] {
  const names = new Map<string, string>();
  for (const line of readFileSync(join(dir, 'label_index2en2zh.json'), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const l = JSON.parse(line) as { label_desc: string; label_zh: string };
    names.set(l.label_desc, l.label_zh);
  }
  const items: TnewsItem[] = [];
  const seen = new Set<string>();
  for (const file of ['train_few_all.json', 'dev_few_all.json', 'test_public.json', 'unlabeled.json']) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const row = JSON.parse(line) as { sentence: string; keywords: string; label_desc?: string };
      const keywords = row.keywords.split(',').map((k) => k.trim()).filter(Boolean);
      if (seen.has(row.sentence) || (!row.label_desc && keywords.length === 0)) continue;
      seen.add(row.sentence);
      items.push({ sentence: row.sentence, keywords, label: row.label_desc, labelZh: row.label_desc ? names.get(row.label_desc) : undefined });
    }
  }
  return items;
}

/** A standard normal draw (Box–Muller). */
function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** Weighted choice over `weights[0..n)` via a cumulative array. */
class Cumulative {
  readonly sums: Float64Array;
  constructor(weights: number[]) {
    this.sums = new Float64Array(weights.length);
    let s = 0;
    weights.forEach((w, i) => (this.sums[i] = s += w));
  }
  total(n = this.sums.length): number {
    return n === 0 ? 0 : this.sums[n - 1]!;
  }
  /** An index < n drawn by weight. */
  draw(random: () => number, n = this.sums.length): number {
    const r = random() * this.total(n);
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.sums[mid]! > r) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/** Articles of one day, by publication time, with cumulative weights for one kind of choice. */
interface DayPool {
  articles: number[];
  times: number[];
  weights: Cumulative;
}

function dayPools(articles: SimArticle[], members: number[], weightOf: (a: number) => number, days: number, start: number): DayPool[] {
  const byDay: number[][] = Array.from({ length: days }, () => []);
  for (const a of members) byDay[Math.floor((articles[a]!.publishedAt - start) / DAY_MS)]!.push(a);
  return byDay.map((list) => {
    list.sort((x, y) => articles[x]!.publishedAt - articles[y]!.publishedAt);
    return { articles: list, times: list.map((a) => articles[a]!.publishedAt), weights: new Cumulative(list.map(weightOf)) };
  });
}

/** How many of a day's articles were published before `t`. */
function publishedBefore(pool: DayPool, t: number): number {
  let lo = 0;
  let hi = pool.times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (pool.times[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Readers look at today's news most, yesterday's less, the day before's little. */
const FRESHNESS = [1, 0.5, 0.25];

function drawFrom(pools: DayPool[], day: number, t: number, random: () => number): number | undefined {
  const options: Array<{ pool: DayPool; n: number; w: number }> = [];
  FRESHNESS.forEach((f, age) => {
    const pool = pools[day - age];
    if (!pool) return;
    const n = age === 0 ? publishedBefore(pool, t) : pool.articles.length;
    const w = pool.weights.total(n) * f;
    if (n > 0 && w > 0) options.push({ pool, n, w });
  });
  const total = options.reduce((s, o) => s + o.w, 0);
  if (total <= 0) return undefined;
  let r = random() * total;
  for (const o of options) {
    if ((r -= o.w) <= 0 || o === options[options.length - 1]) return o.pool.articles[o.pool.weights.draw(random, o.n)];
  }
  return undefined;
}

export function simulate(items: TnewsItem[], options: SimOptions = DEFAULT_SIM): Simulation {
  const random = seededRandom(options.seed);
  const { days, start } = options;
  // Headlines in a seeded order, spread over the days; the last day's stop at noon, the cutoff.
  const order = items.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const cutoff = start + (days - 1) * DAY_MS + 12 * HOUR_MS;
  const articles: SimArticle[] = order.map((itemIndex, index) => {
    const day = Math.floor((index * days) / order.length);
    const hours = day === days - 1 ? 12 : 20;
    return {
      index,
      item: items[itemIndex]!,
      publishedAt: start + day * DAY_MS + Math.floor(random() * hours * HOUR_MS),
      source: Math.floor(random() * options.sources),
      appeal: Math.exp(1.2 * gaussian(random)),
    };
  });

  // Keyword tags shared by a few to a few hundred headlines: a taste, not a single headline or a stopword.
  const byKeyword = new Map<string, number[]>();
  for (const a of articles) for (const k of a.item.keywords) byKeyword.set(k, [...(byKeyword.get(k) ?? []), a.index]);
  const usable = (k: string) => {
    const n = byKeyword.get(k)?.length ?? 0;
    return n >= 3 && n <= 300;
  };
  const labels = [...new Set(articles.flatMap((a) => (a.item.label ? [a.item.label] : [])))].sort();
  const byLabel = new Map(labels.map((l) => [l, articles.filter((a) => a.item.label === l).map((a) => a.index)]));

  const popular = dayPools(articles, articles.map((a) => a.index), (a) => articles[a]!.appeal, days, start);
  const interests: Simulation['interests'] = [];
  const train: SimRead[] = [];
  const heldOut = new Map<number, number[]>();
  for (let reader = 0; reader < options.readers; reader++) {
    // 1–3 categories with uneven weights, and keywords taken from headlines of those categories.
    const cats = new Map<string, number>();
    const nCats = 1 + Math.floor(random() * 3);
    while (cats.size < nCats) cats.set(labels[Math.floor(random() * labels.length)]!, 0.3 + random());
    const keywords = new Set<string>();
    for (let tries = 0; keywords.size < 6 && tries < 200; tries++) {
      const pool = byLabel.get([...cats.keys()][Math.floor(random() * cats.size)]!)!;
      const seed = articles[pool[Math.floor(random() * pool.length)]!]!;
      for (const k of seed.item.keywords) if (usable(k) && keywords.size < 6) keywords.add(k);
    }
    interests.push({ categories: [...cats.keys()], keywords: [...keywords] });
    const match = new Map<number, number>();
    for (const [label, w] of cats) for (const a of byLabel.get(label)!) match.set(a, (match.get(a) ?? 0) + w);
    for (const k of keywords) for (const a of byKeyword.get(k) ?? []) match.set(a, (match.get(a) ?? 0) + 1.5);
    const mine = dayPools(articles, [...match.keys()], (a) => match.get(a)! * articles[a]!.appeal, days, start);

    const activity = 0.3 + random() * 1.4;
    const read = new Set<number>();
    /** One more article this reader has not read, published before `at`; undefined when none is found. */
    const readOne = (day: number, at: number): number | undefined => {
      for (let tries = 0; tries < 8; tries++) {
        const pools = random() < options.interestShare ? mine : popular;
        const a = drawFrom(pools, day, Math.min(at, cutoff), random);
        if (a === undefined || read.has(a)) continue;
        read.add(a);
        return a;
      }
      return undefined;
    };
    const held: number[] = [];
    for (let day = 0; day < days; day++) {
      const last = day === days - 1;
      const n = Math.round(options.readsPerDay * activity * 2 * random());
      const times = Array.from({ length: n }, () => start + day * DAY_MS + (6 + random() * (last ? 6 : 18)) * HOUR_MS).sort((x, y) => x - y);
      for (const at of times) {
        const a = readOne(day, at);
        if (a !== undefined) train.push({ reader, article: a, at });
      }
      // After the cutoff: the reads a good list would have suggested.
      for (let h = 0; last && h < options.heldOut; h++) {
        const a = readOne(day, cutoff + 1 + h * HOUR_MS);
        if (a !== undefined) held.push(a);
      }
    }
    if (held.length > 0) heldOut.set(reader, held);
  }
  return { articles, train, heldOut, cutoff, interests };
}
