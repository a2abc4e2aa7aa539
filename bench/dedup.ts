// Near-duplicate lookup at a million stored SimHashes: time per lookup (the four band
// probes and the content-hash probe of TextRepo.candidates, then the distance check) for
// near-duplicates of stored hashes (1–3 bits flipped) and for random non-matches, with the
// database's size. Four 16-bit bands make each probe an index range scan of ~N/65,536 rows,
// so the time should hardly grow with N. Each article also has five paragraph hashes
// (migration 0010): a probe that the SimHash does not match looks its own up, as
// StoryClusterer.storedMatches does, and a reprint that dropped a paragraph (a far
// SimHash, four of the five paragraphs) is found by them.
//
//   npm run bench -- dedup [--hashes N] [--lookups N]
//
// Exit code 0 when every target is met, 1 when one is missed, 2 on bad options.
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openStore, type Store } from '../src/store/db.js';
import { migrateToLatest } from '../src/store/migrate.js';
import { createRepos } from '../src/store/repos/index.js';
import type { ArticleFingerprint, ArticleParagraph } from '../src/store/schema.js';
import { StoryClusterer } from '../src/stories/clusterer.js';
import { bands, SAME_TEXT_DISTANCE, type SimHash, toHex } from '../src/text/simhash.js';
import { rng } from './lib/corpus.js';
import { numberOptions } from './lib/options.js';
import { type Check, fixed, print, printChecks, seconds, table } from './lib/report.js';
import { benchRun } from './lib/run-dir.js';

export const description = 'near-duplicate lookup µs (p50/p99) with 1M stored SimHashes, and the index size';

const TARGET_P99_US = 1000;
/** Rows per transaction while filling: large enough that commits cost nothing. */
const FILL_TRANSACTION = 50_000;
/** Rows per INSERT statement (7 parameters each). */
const FILL_STATEMENT = 250;
/** Paragraph hashes per stored article (a 2 KB article has about five long paragraphs). */
const PARAGRAPHS = 5;

interface LookupStats {
  name: string;
  times: Float64Array;
  candidates: number;
  found: number;
}

export async function run(args: string[]): Promise<number> {
  const opts = numberOptions(args, {
    hashes: { default: 1_000_000, min: 1000, integer: true },
    lookups: { default: 10_000, min: 100, integer: true },
  });
  return benchRun('near-duplicate lookup', async (dir) => {
    const file = join(dir, 'redian.db');
    const store = await openStore({ url: file });
    let near: LookupStats;
    let random: LookupStats;
    let dropped: LookupStats;
    let sizes: Array<[string, number]>;
    try {
      await migrateToLatest(store);
      const random32 = rng(20261127);
      const hi = new Uint32Array(opts.hashes);
      const lo = new Uint32Array(opts.hashes);
      for (let i = 0; i < opts.hashes; i++) {
        hi[i] = Math.floor(random32() * 2 ** 32);
        lo[i] = Math.floor(random32() * 2 ** 32);
      }
      const started = performance.now();
      await fill(store, hi, lo);
      const fillMs = performance.now() - started;
      print(
        `database   SQLite file, migrated; ${fixed(opts.hashes)} random 64-bit SimHashes with bands and content hashes ` +
          `and ${PARAGRAPHS} paragraph hashes each inserted in ${seconds(fillMs)} (${fixed(opts.hashes / (fillMs / 1000))} articles/s, ${fixed(FILL_TRANSACTION)} per transaction)`,
      );
      sizes = await tableSizes(store);

      const lookup = lookupWith(store);
      // Warm the statement cache and the page cache's upper index levels, as a running server has.
      for (let i = 0; i < 200; i++) await lookup({ hi: hi[i]!, lo: lo[i]! }, `warm-${i}`, []);
      near = { name: 'near-duplicate (1–3 bits flipped)', times: new Float64Array(opts.lookups), candidates: 0, found: 0 };
      random = { name: 'random non-match', times: new Float64Array(opts.lookups), candidates: 0, found: 0 };
      dropped = { name: 'paragraph dropped (4 of 5 paragraphs)', times: new Float64Array(opts.lookups), candidates: 0, found: 0 };
      for (let i = 0; i < opts.lookups; i++) {
        // Interleaved, so a busy moment on the machine hits both kinds alike.
        const at = Math.floor(random32() * opts.hashes);
        let probe: SimHash = { hi: hi[at]!, lo: lo[at]! };
        const flips = 1 + Math.floor(random32() * SAME_TEXT_DISTANCE);
        for (const bit of distinctBits(random32, flips)) probe = flip(probe, bit);
        await measure(lookup, probe, paragraphsOf(-1 - i), near, i, (ids) => ids.includes(at + 1));
        const other = { hi: Math.floor(random32() * 2 ** 32), lo: Math.floor(random32() * 2 ** 32) };
        await measure(lookup, other, paragraphsOf(-1 - i), random, i, (ids) => ids.length > 0);
        const far = { hi: Math.floor(random32() * 2 ** 32), lo: Math.floor(random32() * 2 ** 32) };
        const drop = Math.floor(random32() * PARAGRAPHS);
        const kept = paragraphsOf(at + 1).filter((_, k) => k !== drop);
        await measure(lookup, far, kept, dropped, i, (ids) => ids.includes(at + 1));
      }
    } finally {
      await store.close();
    }
    print(
      `lookup     StoryClusterer.storedMatches for one article: TextRepo.candidates (4 band probes + content hash, UNION ALL) + Hamming check, ` +
        `then, with no match, its ${PARAGRAPHS} paragraph hashes; ${fixed(opts.lookups)} of each kind, interleaved`,
    );
    print();
    const rows = [['', 'lookups', 'p50 µs', 'p99 µs', 'mean µs', 'max µs', 'matches/lookup', 'matched']];
    for (const s of [near, random, dropped]) {
      const sorted = [...s.times].sort((a, b) => a - b);
      rows.push([
        s.name,
        fixed(sorted.length),
        fixed(percentile(sorted, 0.5), 0),
        fixed(percentile(sorted, 0.99), 0),
        fixed(sorted.reduce((a, b) => a + b, 0) / sorted.length, 0),
        fixed(sorted.at(-1)!, 0),
        fixed(s.candidates / sorted.length, 1),
        fixed(s.found),
      ]);
    }
    for (const line of table(rows)) print(line);
    print();
    const dbBytes = databaseBytes(file);
    print(`database   ${mb(dbBytes)} on disk with WAL (${fixed(dbBytes / opts.hashes, 0)} bytes per article)`);
    if (sizes.length > 0) print(`tables     ${sizes.map(([name, bytes]) => `${name} ${mb(bytes)}`).join(', ')}`);
    print(`memory     peak RSS ${mb(process.resourceUsage().maxRSS * 1024)} (includes the ${fixed(opts.hashes)} hashes kept in memory to make probes)`);
    print();
    const p99 = (s: LookupStats) => percentile([...s.times].sort((a, b) => a - b), 0.99);
    const checks: Check[] = [
      { name: 'near-duplicate lookup p99', actual: `${fixed(p99(near))} µs`, target: `< ${fixed(TARGET_P99_US)} µs`, ok: p99(near) < TARGET_P99_US },
      { name: 'non-match lookup p99', actual: `${fixed(p99(random))} µs`, target: `< ${fixed(TARGET_P99_US)} µs`, ok: p99(random) < TARGET_P99_US },
      { name: 'near-duplicates found', actual: fixed(near.found), target: fixed(opts.lookups), ok: near.found === opts.lookups },
      { name: 'dropped-paragraph lookup p99', actual: `${fixed(p99(dropped))} µs`, target: `< ${fixed(TARGET_P99_US)} µs`, ok: p99(dropped) < TARGET_P99_US },
      { name: 'random hashes matched (false positives)', actual: fixed(random.found), target: '0', ok: random.found === 0 },
      { name: 'dropped-paragraph reprints found', actual: fixed(dropped.found), target: fixed(opts.lookups), ok: dropped.found === opts.lookups },
    ];
    return printChecks(checks) ? 0 : 1;
  });
}

/** Article `id`'s paragraph hashes (negative ids: a probe's own, found nowhere). */
function paragraphsOf(id: number): string[] {
  return Array.from({ length: PARAGRAPHS }, (_, k) => createHash('sha256').update(`${id}/${k}`).digest('hex').slice(0, 16));
}

/** Fingerprint and paragraph rows for articles 1..N; the articles themselves are not needed to measure lookups. */
async function fill(store: Store, hi: Uint32Array, lo: Uint32Array): Promise<void> {
  await sql`pragma foreign_keys = off`.execute(store.db);
  for (let start = 0; start < hi.length; start += FILL_TRANSACTION) {
    await store.db.transaction().execute(async (trx) => {
      const end = Math.min(hi.length, start + FILL_TRANSACTION);
      for (let i = start; i < end; i += FILL_STATEMENT) {
        const rows: ArticleFingerprint[] = [];
        for (let j = i; j < Math.min(end, i + FILL_STATEMENT); j++) {
          const h = { hi: hi[j]!, lo: lo[j]! };
          const [band0, band1, band2, band3] = bands(h);
          rows.push({ article_id: j + 1, simhash: toHex(h), band0, band1, band2, band3, content_hash: createHash('sha256').update(String(j)).digest('hex') });
        }
        await trx.insertInto('article_fingerprints').values(rows).execute();
        const paragraphs: ArticleParagraph[] = [];
        for (let j = i; j < Math.min(end, i + FILL_STATEMENT); j++) {
          for (const hash of paragraphsOf(j + 1)) paragraphs.push({ article_id: j + 1, hash, paragraphs: PARAGRAPHS });
        }
        // Three parameters a row: 1,250 rows stay far below either database's limit.
        await trx.insertInto('article_paragraphs').values(paragraphs).execute();
      }
    });
  }
  await sql`pragma foreign_keys = on`.execute(store.db);
  await sql`analyze`.execute(store.db);
}

type Lookup = (probe: SimHash, contentHash: string, paragraphs: string[]) => Promise<{ ids: number[]; candidates: number }>;

/** What ingestion does for one article: StoryClusterer.storedMatches. */
function lookupWith(store: Store): Lookup {
  const repos = createRepos(store);
  const clusterer = new StoryClusterer(repos);
  return async (probe, contentHash, paragraphs) => {
    const ids = (await clusterer.storedMatches([{ id: -1, simhash: probe, contentHash, paragraphs }])).get(-1)!;
    return { ids, candidates: ids.length };
  };
}

async function measure(lookup: Lookup, probe: SimHash, paragraphs: string[], stats: LookupStats, i: number, matched: (ids: number[]) => boolean): Promise<void> {
  const contentHash = createHash('sha256').update(`probe-${stats.name}-${i}`).digest('hex');
  const t0 = performance.now();
  const { ids, candidates } = await lookup(probe, contentHash, paragraphs);
  stats.times[i] = (performance.now() - t0) * 1000;
  stats.candidates += candidates;
  if (matched(ids)) stats.found++;
}

function distinctBits(random: () => number, n: number): number[] {
  const bits = new Set<number>();
  while (bits.size < n) bits.add(Math.floor(random() * 64));
  return [...bits];
}

function flip(h: SimHash, bit: number): SimHash {
  return bit < 32 ? { hi: (h.hi ^ (1 << bit)) >>> 0, lo: h.lo } : { hi: h.hi, lo: (h.lo ^ (1 << (bit - 32))) >>> 0 };
}

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

/** Table and index sizes from SQLite's dbstat, where the build has it. */
async function tableSizes(store: Store): Promise<Array<[string, number]>> {
  try {
    const { rows } = await sql<{ name: string; bytes: number }>`
      select name, sum(pgsize) as bytes from dbstat
      where name like 'article_fingerprints%' or name like 'sqlite_autoindex_article_fingerprints%'
         or name like 'article_paragraphs%' or name like 'sqlite_autoindex_article_paragraphs%'
      group by name order by bytes desc`.execute(store.db);
    return rows.map((r) => [r.name, Number(r.bytes)]);
  } catch {
    return [];
  }
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

const mb = (bytes: number) => `${fixed(bytes / 2 ** 20, 1)} MB`;
