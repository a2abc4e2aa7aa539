// Search at scale: a synthetic corpus made of real Toutiao headlines and their keywords
// (../shared/data/tnews), N articles in a SQLite file, indexed through the app's own
// SearchIndex; then 1-term and 2-term queries drawn from the tnews keywords, each through
// SearchService.search (candidates, ranking, cards, snippets: everything /search needs
// but the HTML), first page only.
//
// Baselines, measured in the same run on the same database:
//   - latest page: the home list's first page (ArticleRepo.latest, an index walk by
//     published_at): the cheapest page query the site makes;
//   - unranked FTS: the same MATCH, newest 20 by rowid, no bm25, no join: what the index
//     itself costs, so the ratio shows what ranking, recency and snippets add.
//
//   npm run bench -- search [--sizes 100000,1000000] [--queries N] [--postgres]
//
// --postgres also runs the smallest size on PostgreSQL (TEST_DATABASE_URL, default the
// local `test` database, in a schema of its own, dropped at the end).
// Exit code 0 when every target is met, 1 when one is missed, 2 on bad options or no data.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { PAGE_SIZE } from '../src/articles/articles.js';
import { matchExpression } from '../src/search/fts5.js';
import { SearchService } from '../src/search/search.js';
import { queryTerms, searchDocumentOf } from '../src/search/terms.js';
import { openStore, type Store } from '../src/store/db.js';
import { migrateToLatest } from '../src/store/migrate.js';
import { createRepos } from '../src/store/repos/index.js';
import type { NewArticle } from '../src/store/schema.js';
import { SHARED_DATA_DIR } from '../src/testing/shared-data.js';
import { pick, rng } from './lib/corpus.js';
import { UsageError } from './lib/options.js';
import { type Check, fixed, print, printChecks, seconds, table } from './lib/report.js';
import { benchRun } from './lib/run-dir.js';

export const description = 'search p50/p99 at 100k and 1M articles (SQLite; --postgres for PostgreSQL at the smallest size)';

const TARGET_P50_MS_AT_1M = 50;
const TNEWS_FILES = ['train_few_all.json', 'dev_few_all.json', 'test_public.json', 'unlabeled.json'];
const YEAR_MS = 365 * 24 * 60 * 60 * 1000;
/** Articles per transaction while filling, and per SearchIndex.index call. */
const FILL_BATCH = 10_000;
const INDEX_BATCH = 2_000;
const WARMUP = 50;

interface Headline {
  sentence: string;
  keywords: string[];
}

interface Query {
  kind: '1 term' | '2 terms';
  q: string;
}

interface Timing {
  name: string;
  times: number[];
  results: number;
}

export async function run(args: string[]): Promise<number> {
  const opts = options(args);
  const headlines = loadHeadlines();
  if (!headlines) {
    process.stderr.write(`bench search: ${join(SHARED_DATA_DIR, 'tnews')} is missing; the corpus is built from it\n`);
    return 2;
  }
  const queries = makeQueries(headlines, opts.queries);
  return benchRun('search', async (dir) => {
    print(`corpus     ${fixed(headlines.length)} tnews headlines; an article = one headline as title, 3–6 others and its keywords as body (~${fixed(meanBodyChars(headlines), 0)} chars)`);
    print(`queries    ${fixed(opts.queries)} of each kind from tnews keywords: 1 term (one keyword), 2 terms (two keywords of one headline); first page, ${PAGE_SIZE} results`);
    print(`measured   SearchService.search (candidate window, bm25 ranking × recency, cards, snippets) against two baselines on the same database:`);
    print(`           "latest page" = ArticleRepo.latest first page (index walk); "unranked FTS" = the same MATCH, newest ${PAGE_SIZE} by id, no ranking`);
    const checks: Check[] = [];
    for (const size of opts.sizes) {
      print();
      const file = join(dir, `search-${size}.db`);
      const store = await buildSqlite(file, size, headlines);
      try {
        const result = await measure(store, queries, size, 'SQLite');
        print(`size       ${sizes(file)}`);
        if (size >= 1_000_000) {
          const p50 = percentile(result.search1.times.concat(result.search2.times), 0.5);
          checks.push({ name: `search p50 at ${fixed(size)} (SQLite)`, actual: `${fixed(p50, 1)} ms`, target: `< ${TARGET_P50_MS_AT_1M} ms`, ok: p50 < TARGET_P50_MS_AT_1M });
        }
      } finally {
        await store.close();
      }
    }
    if (opts.postgres) {
      print();
      const size = Math.min(...opts.sizes);
      const pg = await openPostgresSchema();
      try {
        await buildPostgres(pg.store, size, headlines);
        await measure(pg.store, queries, size, 'PostgreSQL');
        const { rows } = await sql<{ bytes: number }>`select pg_total_relation_size('search_documents') as bytes`.execute(pg.store.db);
        print(`size       search_documents with its GIN index ${mb(Number(rows[0]!.bytes))}`);
      } finally {
        await pg.close();
      }
    }
    print();
    if (checks.length === 0) {
      print('(the 1M target is checked only when --sizes includes 1000000)');
      return 0;
    }
    return printChecks(checks) ? 0 : 1;
  });
}

function options(args: string[]): { sizes: number[]; queries: number; postgres: boolean } {
  let values;
  try {
    values = parseArgs({ args, options: { sizes: { type: 'string' }, queries: { type: 'string' }, postgres: { type: 'boolean' } }, strict: true }).values;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const sizes = (values.sizes ?? '100000,1000000').split(',').map((s) => Number(s.trim()));
  if (sizes.some((n) => !Number.isInteger(n) || n < 1000)) throw new UsageError(`--sizes must be whole numbers ≥ 1000, comma-separated (got "${values.sizes}")`);
  const queries = Number(values.queries ?? 500);
  if (!Number.isInteger(queries) || queries < 10) throw new UsageError(`--queries must be a whole number ≥ 10 (got "${values.queries}")`);
  return { sizes, queries, postgres: values.postgres ?? false };
}

function loadHeadlines(): Headline[] | undefined {
  const dir = join(SHARED_DATA_DIR, 'tnews');
  if (!TNEWS_FILES.every((f) => existsSync(join(dir, f)))) return undefined;
  const out: Headline[] = [];
  for (const f of TNEWS_FILES) {
    for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const row = JSON.parse(line) as { sentence: string; keywords?: string };
      out.push({ sentence: row.sentence, keywords: (row.keywords ?? '').split(',').map((k) => k.trim()).filter(Boolean) });
    }
  }
  return out;
}

/** Article i, the same on every run and in every pass: its own generator, seeded by i. */
function article(i: number, headlines: Headline[]): { title: string; body: string } {
  const random = rng(0x5eed + i * 7919);
  const main = pick(random, headlines);
  const parts = [main.sentence];
  const others = 3 + Math.floor(random() * 4);
  for (let k = 0; k < others; k++) parts.push(pick(random, headlines).sentence);
  if (main.keywords.length > 0) parts.push(main.keywords.join('，'));
  return { title: main.sentence, body: parts.join('。') };
}

function meanBodyChars(headlines: Headline[]): number {
  let chars = 0;
  for (let i = 0; i < 200; i++) chars += article(i, headlines).body.length;
  return chars / 200;
}

function makeQueries(headlines: Headline[], n: number): Query[] {
  const random = rng(20261127);
  const withKeywords = headlines.filter((h) => h.keywords.some((k) => queryTerms(k).length > 0));
  const one: Query[] = [];
  const two: Query[] = [];
  while (one.length < n) {
    const k = pick(random, pick(random, withKeywords).keywords);
    if (queryTerms(k).length > 0) one.push({ kind: '1 term', q: k });
  }
  while (two.length < n) {
    const h = pick(random, withKeywords);
    const [a, b] = [pick(random, h.keywords), pick(random, h.keywords)];
    if (a !== b && queryTerms(`${a} ${b}`).length >= 2) two.push({ kind: '2 terms', q: `${a} ${b}` });
  }
  // Interleaved, so a busy moment on the machine hits both kinds alike.
  return one.flatMap((q, i) => [q, two[i]!]);
}

/** Articles straight through better-sqlite3 (the app's insert path would take far longer), then the app's SearchIndex. */
async function buildSqlite(file: string, size: number, headlines: Headline[]): Promise<Store> {
  const migrated = await openStore({ url: file });
  await migrateToLatest(migrated);
  await migrated.close();
  const now = Date.now();
  let started = performance.now();
  const db = new SQLite(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = OFF');
    const sourceId = (db.prepare(`insert into sources (slug, name, site_url, feed_url, category_id, policy, enabled, is_demo, created_at) values ('bench', '基准日报', null, null, null, 'full', 1, 0, ?) returning id`).get(now) as { id: number }).id;
    const insert = db.prepare(
      `insert into articles (id, source_id, category_id, guid, url, title, author, summary, content_html, content_text, lead_image, published_at, created_at)
       values (?, ?, null, ?, ?, ?, null, ?, ?, ?, null, ?, ?)`,
    );
    const stats = db.prepare('insert into article_stats (article_id, view_count) values (?, 0)');
    const fill = db.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const { title, body } = article(i, headlines);
        const id = i + 1;
        insert.run(id, sourceId, `b${id}`, `https://bench.example/${id}`, title, body.slice(0, 60), `<p>${body}</p>`, body, publishedAt(i, size, now), now);
        stats.run(id);
      }
    });
    for (let from = 0; from < size; from += FILL_BATCH) fill(from, Math.min(size, from + FILL_BATCH));
  } finally {
    db.close();
  }
  const fillMs = performance.now() - started;
  const store = await openStore({ url: file });
  started = performance.now();
  await indexAll(store, size, headlines);
  const indexMs = performance.now() - started;
  await sql`analyze`.execute(store.db);
  print(`SQLite     ${fixed(size)} articles: stored in ${seconds(fillMs)}; search index built in ${seconds(indexMs)} (${fixed(size / (indexMs / 1000))} articles/s: jieba segmentation, as in the enrich step, + FTS5 insert)`);
  return store;
}

async function indexAll(store: Store, size: number, headlines: Headline[]): Promise<void> {
  const repos = createRepos(store);
  for (let from = 0; from < size; from += INDEX_BATCH) {
    const docs = [];
    for (let i = from; i < Math.min(size, from + INDEX_BATCH); i++) {
      const { title, body } = article(i, headlines);
      docs.push(searchDocumentOf(i + 1, title, body));
    }
    await repos.search.index(docs);
  }
}

/** Oldest first over the past year, so ids grow with publication time as on a live site. */
function publishedAt(i: number, size: number, now: number): number {
  return Math.round(now - YEAR_MS + (i * (YEAR_MS - 3_600_000)) / size);
}

async function openPostgresSchema(): Promise<{ store: Store; close(): Promise<void> }> {
  const base = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const schema = `bench_search_${randomBytes(4).toString('hex')}`;
  const admin = await openStore({ url: base });
  await sql`create schema ${sql.id(schema)}`.execute(admin.db);
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const store = await openStore({ url: url.toString() });
  return {
    store,
    async close() {
      await store.close();
      await sql`drop schema ${sql.id(schema)} cascade`.execute(admin.db);
      await admin.close();
    },
  };
}

async function buildPostgres(store: Store, size: number, headlines: Headline[]): Promise<void> {
  await migrateToLatest(store);
  const now = Date.now();
  let started = performance.now();
  const source = await createRepos(store).sources.upsert({ slug: 'bench', name: '基准日报', site_url: null, feed_url: null, category_id: null, policy: 'full', enabled: 1, is_demo: 0, created_at: now });
  for (let from = 0; from < size; from += 1000) {
    const rows: Array<NewArticle & { id: number }> = [];
    for (let i = from; i < Math.min(size, from + 1000); i++) {
      const { title, body } = article(i, headlines);
      rows.push({ id: i + 1, source_id: source.id, category_id: null, guid: `b${i + 1}`, url: `https://bench.example/${i + 1}`, title, author: null, summary: body.slice(0, 60), content_html: `<p>${body}</p>`, content_text: body, lead_image: null, published_at: publishedAt(i, size, now), created_at: now });
    }
    await store.db.transaction().execute(async (trx) => {
      await trx.insertInto('articles').values(rows).execute();
      await trx.insertInto('article_stats').values(rows.map((r) => ({ article_id: r.id, view_count: 0 }))).execute();
    });
  }
  const fillMs = performance.now() - started;
  started = performance.now();
  await indexAll(store, size, headlines);
  const indexMs = performance.now() - started;
  await sql`analyze`.execute(store.db);
  print(`PostgreSQL ${fixed(size)} articles: stored in ${seconds(fillMs)}; search index built in ${seconds(indexMs)} (${fixed(size / (indexMs / 1000))} articles/s)`);
}

async function measure(store: Store, queries: Query[], size: number, label: string) {
  const repos = createRepos(store);
  const search = new SearchService(repos);
  const unranked = unrankedQuery(store);
  for (const q of queries.slice(0, WARMUP)) {
    await search.search({ q: q.q, page: 1 });
    await unranked(queryTerms(q.q));
    await repos.articles.latest({}, PAGE_SIZE);
  }
  const search1: Timing = { name: 'search, 1 term', times: [], results: 0 };
  const search2: Timing = { name: 'search, 2 terms', times: [], results: 0 };
  const fts: Timing = { name: 'baseline: unranked FTS', times: [], results: 0 };
  const latest: Timing = { name: 'baseline: latest page', times: [], results: 0 };
  for (const q of queries) {
    let t0 = performance.now();
    const page = await search.search({ q: q.q, page: 1 });
    const target = q.kind === '1 term' ? search1 : search2;
    target.times.push(performance.now() - t0);
    target.results += page.total;
    t0 = performance.now();
    fts.results += (await unranked(page.terms)).length;
    fts.times.push(performance.now() - t0);
    t0 = performance.now();
    latest.results += (await repos.articles.latest({}, PAGE_SIZE)).length;
    latest.times.push(performance.now() - t0);
  }
  const base = percentile(latest.times, 0.5);
  const ftsBase = percentile(fts.times, 0.5);
  print(`${label} at ${fixed(size)} articles`);
  const rows = [['', 'runs', 'p50 ms', 'p99 ms', 'mean ms', 'results/query', 'p50 ÷ latest', 'p50 ÷ unranked']];
  for (const t of [search1, search2, fts, latest]) {
    const p50 = percentile(t.times, 0.5);
    rows.push([
      t.name,
      fixed(t.times.length),
      fixed(p50, 2),
      fixed(percentile(t.times, 0.99), 2),
      fixed(t.times.reduce((a, b) => a + b, 0) / t.times.length, 2),
      fixed(t.results / t.times.length, 0),
      `${fixed(p50 / base, 1)}×`,
      `${fixed(p50 / ftsBase, 1)}×`,
    ]);
  }
  for (const line of table(rows)) print(line);
  return { search1, search2 };
}

/** The index alone: the same terms, newest PAGE_SIZE matches by id, no ranking, no join. */
function unrankedQuery(store: Store): (terms: string[]) => Promise<unknown[]> {
  if (store.dialect === 'postgres') {
    return async (terms) =>
      terms.length === 0
        ? []
        : (await sql`select article_id from search_documents where document @@ plainto_tsquery('simple', ${terms.join(' ')}) order by article_id desc limit ${PAGE_SIZE}`.execute(store.db)).rows;
  }
  return async (terms) =>
    terms.length === 0
      ? []
      : (await sql`select rowid from search_fts where search_fts match ${matchExpression(terms)} order by rowid desc limit ${PAGE_SIZE}`.execute(store.db)).rows;
}

function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

/** The file, and the search index's share of it (SQLite's dbstat, where the build has it). */
function sizes(file: string): string {
  let bytes = 0;
  for (const f of [file, `${file}-wal`]) if (existsSync(f)) bytes += statSync(f).size;
  const db = new SQLite(file, { readonly: true });
  try {
    const row = db.prepare(`select sum(pgsize) as bytes from dbstat where name like 'search_fts%'`).get() as { bytes: number | null };
    return `database ${mb(bytes)} on disk, of which the FTS5 index (search_fts*) ${mb(Number(row.bytes ?? 0))}`;
  } catch {
    return `database ${mb(bytes)} on disk`;
  } finally {
    db.close();
  }
}

const mb = (bytes: number) => `${fixed(bytes / 2 ** 20, 1)} MB`;
