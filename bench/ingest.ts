// Ingestion throughput: articles per second from feed bytes to stored rows (charset,
// parsing, then ingestItems: blocklist, sanitizer, plain text, summary, lead image,
// category, insert), against parsing alone (parseFeedBytes) on the same bytes in the same
// run: the ratio says how much the pipeline after parsing costs, whatever the machine.
//
//   npm run bench -- ingest [--feeds N] [--items N] [--auto 1]
//
// --auto 1 sets every source to auto and drops the items' own categories, so that every
// article goes through the text classifier: its cost, against a run without.
//
// Exit code 0 when every target is met, 1 when one is missed, 2 on bad options.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { parseFeedBytes } from '../src/ingest/parse/feed.js';
import { ingestItems } from '../src/ingest/pipeline.js';
import type { FeedItem } from '../src/ingest/item.js';
import { AUTO_CATEGORY, SourceService } from '../src/ingest/sources.js';
import { openStore, type Store } from '../src/store/db.js';
import { migrateToLatest } from '../src/store/migrate.js';
import { createRepos } from '../src/store/repos/index.js';
import type { Source } from '../src/store/schema.js';
import { loadCorpus } from './lib/corpus.js';
import { type GeneratedFeed, writeFeedSet } from './lib/feeds.js';
import { numberOptions } from './lib/options.js';
import { type Check, fixed, print, printChecks, seconds, table } from './lib/report.js';
import { benchRun } from './lib/run-dir.js';

export const description = 'articles/s from feed bytes to stored rows, against parseFeedBytes alone on the same bytes';

const TARGET_RATE = 1000;

interface PhaseResult {
  articles: number;
  /** Wall time. */
  ms: number;
  /** CPU time of the process (user + system, all threads): well below wall time means the machine was busy. */
  cpuMs: number;
  /** Largest resident set seen during the phase (sampled after each feed). */
  peakRss: number;
}

interface EndToEnd extends PhaseResult {
  parseMs: number;
  ingestMs: number;
  added: number;
  duplicates: number;
  blocked: number;
}

export async function run(args: string[]): Promise<number> {
  const opts = numberOptions(args, {
    feeds: { default: 50, min: 1, integer: true },
    items: { default: 200, min: 1, integer: true },
    auto: { default: 0, min: 0, integer: true },
  });
  const auto = opts.auto > 0;
  return benchRun('ingestion', async (dir) => {
    let started = performance.now();
    const feeds = writeFeedSet({ dir, feeds: opts.feeds, items: opts.items, corpus: loadCorpus() });
    printFeeds(feeds, performance.now() - started);

    const dbFile = join(dir, 'redian.db');
    const store = await openStore({ url: dbFile });
    let sources: Source[];
    let e2e: EndToEnd;
    let parseOnly: PhaseResult;
    let stored: number;
    try {
      await migrateToLatest(store);
      sources = await addSources(store, feeds, auto);
      print(`database   fresh SQLite file, migrated; ${sources.length} sources (SourceService.add), policy full`);
      if (auto) print('category   every source auto, items without categories: every article classified');
      print('phases     interleaved feed by feed: parse only, then parse + ingestItems; wall time summed per phase');
      print();

      // Both phases run the same code once before the clock starts, so neither pays for the JIT alone.
      await warmUp([...new Map(feeds.map((f) => [f.charset, f])).values()], auto);
      ({ parseOnly, e2e } = await measurePhases(store, feeds, sources, auto));
      stored = await countArticles(store);
    } finally {
      await store.close();
    }
    printResults(parseOnly, e2e);
    print(`database   ${fixed(stored)} articles stored, ${fixed(databaseBytes(dbFile) / 2 ** 20, 1)} MB with WAL`);
    print(`memory     peak RSS ${mb(process.resourceUsage().maxRSS * 1024)} for the whole run (feeds generated in this process)`);
    print();
    return printChecks(checks(parseOnly, e2e, stored, opts.feeds * opts.items)) ? 0 : 1;
  });
}

function printFeeds(feeds: GeneratedFeed[], ms: number): void {
  const items = feeds.reduce((s, f) => s + f.items, 0);
  const bytes = feeds.reduce((s, f) => s + f.bytes, 0);
  const bodyBytes = feeds.reduce((s, f) => s + f.bodyBytes, 0);
  const byCharset = new Map<string, number>();
  for (const f of feeds) byCharset.set(f.charset, (byCharset.get(f.charset) ?? 0) + 1);
  print(
    `feeds      ${feeds.length} RSS files × ${fixed(feeds[0]?.items ?? 0)} items = ${fixed(items)} articles, ${mb(bytes)} on disk; ` +
      `bodies ${fixed(bodyBytes / items / 1024, 1)} KB on average; generated in ${seconds(ms)}`,
  );
  print(`charsets   ${[...byCharset].map(([c, n]) => `${n} ${c}`).join(', ')}`);
}

async function addSources(store: Store, feeds: GeneratedFeed[], auto: boolean): Promise<Source[]> {
  const service = new SourceService(createRepos(store));
  const sources: Source[] = [];
  for (const f of feeds) {
    sources.push(await service.add({ feedUrl: f.feedUrl, name: f.name, siteUrl: f.siteUrl, category: auto ? AUTO_CATEGORY : f.category }));
  }
  return sources;
}

/** A feed of each charset kind through both paths, into a throwaway in-memory database. */
async function warmUp(feeds: GeneratedFeed[], auto: boolean): Promise<void> {
  const store = await openStore({ url: ':memory:' });
  try {
    await migrateToLatest(store);
    const repos = createRepos(store);
    for (const f of feeds) {
      const source = await new SourceService(repos).add({ feedUrl: f.feedUrl, name: f.name, siteUrl: f.siteUrl, category: auto ? AUTO_CATEGORY : undefined });
      const { feed: parsed } = parseFeedBytes(readFileSync(f.file), f.feedUrl, f.contentType);
      await ingestItems(repos, source, untagged(parsed.items, auto));
    }
  } finally {
    await store.close();
  }
}

/**
 * Feed by feed, parseFeedBytes alone (reading the file, charset, XML, items), then the same
 * followed by ingestItems for the feed's source, as the scheduler's fetch of a full-content
 * feed does. Interleaved rather than one phase after the other, so a busy neighbour or a
 * slow minute hits both phases alike and the ratio stays meaningful on a shared machine.
 */
async function measurePhases(store: Store, feeds: GeneratedFeed[], sources: Source[], auto: boolean): Promise<{ parseOnly: PhaseResult; e2e: EndToEnd }> {
  const repos = createRepos(store);
  const parseOnly: PhaseResult = { articles: 0, ms: 0, cpuMs: 0, peakRss: process.memoryUsage.rss() };
  const e2e: EndToEnd = { articles: 0, ms: 0, cpuMs: 0, peakRss: parseOnly.peakRss, parseMs: 0, ingestMs: 0, added: 0, duplicates: 0, blocked: 0 };
  for (let i = 0; i < feeds.length; i++) {
    const f = feeds[i]!;
    const source = sources[i]!;
    let cpu = process.cpuUsage();
    let t0 = performance.now();
    parseOnly.articles += parseFeedBytes(readFileSync(f.file), source.feed_url!, f.contentType).feed.items.length;
    parseOnly.ms += performance.now() - t0;
    parseOnly.cpuMs += cpuMs(process.cpuUsage(cpu));
    parseOnly.peakRss = Math.max(parseOnly.peakRss, process.memoryUsage.rss());

    cpu = process.cpuUsage();
    t0 = performance.now();
    const { feed } = parseFeedBytes(readFileSync(f.file), source.feed_url!, f.contentType);
    const t1 = performance.now();
    const res = await ingestItems(repos, source, untagged(feed.items, auto));
    const t2 = performance.now();
    e2e.cpuMs += cpuMs(process.cpuUsage(cpu));
    e2e.ms += t2 - t0;
    e2e.parseMs += t1 - t0;
    e2e.ingestMs += t2 - t1;
    e2e.articles += feed.items.length;
    e2e.added += res.added.length;
    e2e.duplicates += res.duplicates;
    e2e.blocked += res.blocked;
    e2e.peakRss = Math.max(e2e.peakRss, process.memoryUsage.rss());
  }
  return { parseOnly, e2e };
}

/** With --auto, items without their own categories, so the classifier files every one. */
const untagged = (items: FeedItem[], auto: boolean): FeedItem[] => (auto ? items.map((i) => ({ ...i, categories: [] })) : items);

const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;

async function countArticles(store: Store): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*) as n from articles`.execute(store.db);
  return Number(rows[0]!.n);
}

function databaseBytes(file: string): number {
  let bytes = 0;
  for (const f of [file, `${file}-wal`]) {
    try {
      bytes += statSync(f).size;
    } catch {
      // No WAL left behind.
    }
  }
  return bytes;
}

const rate = (p: PhaseResult) => (p.ms > 0 ? p.articles / (p.ms / 1000) : 0);
const mb = (bytes: number) => `${fixed(bytes / 2 ** 20, 1)} MB`;

function printResults(parseOnly: PhaseResult, e2e: EndToEnd): void {
  const row = (name: string, articles: number, ms: number, cpu: number | undefined, peakRss: number | undefined) => [
    name,
    fixed(articles),
    seconds(ms),
    cpu === undefined ? '' : seconds(cpu),
    fixed(ms > 0 ? articles / (ms / 1000) : 0),
    fixed((ms * 1000) / Math.max(1, articles)),
    peakRss === undefined ? '' : mb(peakRss),
  ];
  const rows = [
    ['', 'articles', 'wall', 'cpu', 'articles/s', 'µs/article', 'peak RSS'],
    row('parse only (parseFeedBytes)', parseOnly.articles, parseOnly.ms, parseOnly.cpuMs, parseOnly.peakRss),
    row('end to end (parse + ingestItems)', e2e.articles, e2e.ms, e2e.cpuMs, e2e.peakRss),
    row('  of which parseFeedBytes', e2e.articles, e2e.parseMs, undefined, undefined),
    row('  of which ingestItems', e2e.articles, e2e.ingestMs, undefined, undefined),
  ];
  for (const line of table(rows)) print(line);
  print(
    `ratio end-to-end/parse-only ${fixed(rate(e2e) / Math.max(1, rate(parseOnly)), 3)}; ` +
      `ingestItems is ${fixed((100 * e2e.ingestMs) / Math.max(1, e2e.ms), 0)}% of end-to-end time; ` +
      `added ${fixed(e2e.added)}, duplicates ${fixed(e2e.duplicates)}, blocked ${fixed(e2e.blocked)}`,
  );
}

function checks(parseOnly: PhaseResult, e2e: EndToEnd, stored: number, expected: number): Check[] {
  const e2eRate = rate(e2e);
  return [
    { name: 'end-to-end ingestion rate', actual: `${fixed(e2eRate)} articles/s`, target: `≥ ${fixed(TARGET_RATE)} articles/s`, ok: e2eRate >= TARGET_RATE },
    // Dropped items are also cheap ones: every generated article must be parsed and stored.
    { name: 'articles parsed (both phases)', actual: `${fixed(parseOnly.articles)} / ${fixed(e2e.articles)}`, target: fixed(expected), ok: parseOnly.articles === expected && e2e.articles === expected },
    { name: 'articles stored', actual: fixed(stored), target: fixed(expected), ok: stored === expected },
  ];
}
