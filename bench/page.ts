// Article page (/a/:id) throughput and tail latency at 100k articles, against a bare
// node:http server sending the same bytes on the same machine in the same run: the ratio
// says how much of the machine's HTTP capacity the app keeps, whatever the machine.
//
//   npm run bench -- page [--articles N] [--visitors N] [--rounds N] [--duration S] [--warmup S] [--connections N]
//
// Requests carry the cookies of --visitors returning readers with reading histories (30
// reads on average), so every page's 猜你喜欢 is personal; --visitors 0 sends none (every
// request a new reader). Each request of a returning reader is a new article for them (see
// pathIndex in lib/load.ts): a new read, counted and written, that moves their history and,
// every few reads, their 猜你喜欢. (Until issue 5's tuning each reader met the same article
// on every turn, so only a reader's first request was a new read.)
//
// Exit code 0 when every target is met, 1 when one is missed, 2 on bad options.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { combine, type LoadOptions, type LoadSummary, measure } from './lib/load.js';
import { numberOptions } from './lib/options.js';
import { type Check, fixed, print, printChecks, seconds, table } from './lib/report.js';
import { benchRun } from './lib/run-dir.js';
import { VisitorIds } from '../src/audience/visitor-id.js';
import { VISITOR_COOKIE } from '../src/web/visitor.js';
import { seedReading } from './lib/reading.js';
import { createBenchDatabase, sampleArticleIds, type SeededDatabase } from './lib/seed.js';
import { type ChildServer, build, killAll, startApp, startBaseline } from './lib/servers.js';

export const description = 'article page req/s and p99 at 64 connections, against bare node:http sending the same bytes';

const TARGET_RATIO = 0.5;
const TARGET_P99_MS = 25;
/** Enough distinct pages that the run is not one hot row, few enough to all get read. */
const ARTICLE_IDS = 1000;
/** Signs the returning readers' cookies; given to the app as VISITOR_ID_SECRET. */
const VISITOR_SECRET = 'bench-visitor-secret-not-for-production';

interface FetchedPage {
  path: string;
  body: Buffer;
  contentType: string;
}

export async function run(args: string[]): Promise<number> {
  const opts = numberOptions(args, {
    articles: { default: 100_000, min: 1, integer: true },
    visitors: { default: 10_000, min: 0, integer: true },
    duration: { default: 5, min: 1 },
    warmup: { default: 2, min: 0 },
    rounds: { default: 3, min: 1, integer: true },
    connections: { default: 64, min: 1, integer: true },
  });
  build();
  const servers: ChildServer[] = [];
  return benchRun('article page', async (dir) => {
    const db = await createBenchDatabase({ file: join(dir, 'redian.db'), articles: opts.articles });
    printDatabase(db);
    const signer = new VisitorIds(VISITOR_SECRET);
    const visitors = Array.from({ length: opts.visitors }, () => signer.issue());
    if (visitors.length > 0) {
      const reading = seedReading({ file: db.file, visitors: visitors.length, readsPerVisitor: 30, visitorIds: visitors.map((v) => v.id) });
      print(`readers    ${fixed(visitors.length)} returning readers with ${fixed(reading.reads)} reads, ${fixed(reading.keywords)} keywords; seeded in ${seconds(reading.ms)}`);
    }

    const paths = sampleArticleIds(db.file, ARTICLE_IDS).map((id) => `/a/${id}`);
    const app = await startApp(db.file, { VISITOR_ID_SECRET: VISITOR_SECRET });
    servers.push(app);
    const page = await fetchPage(app.url, paths[0]!);
    const parts = pageParts(page.body.toString('utf8'));
    print(`page       ${page.path}: ${fixed(page.body.length / 1024, 1)} KB ${page.contentType}; ${parts.found.join(', ')}`);
    const bodyFile = join(dir, 'page.html');
    writeFileSync(bodyFile, page.body);
    const baseline = await startBaseline(bodyFile, page.contentType);
    servers.push(baseline);

    const cookies = visitors.map((v) => `${VISITOR_COOKIE}=${v.cookie}`);
    const load = { paths, cookies, connections: opts.connections, warmupS: opts.warmup, durationS: opts.duration };
    print(
      `load       ${opts.connections} connections, ${opts.rounds} rounds of baseline then app, ` +
        `${opts.warmup} s warm-up + ${opts.duration} s measured each, ${paths.length} article ids in turn, ` +
        (cookies.length ? `${fixed(cookies.length)} returning readers' cookies in turn` : 'no cookies (every request a new reader)'),
    );
    print();
    // Alternating rounds: a noisy neighbour or a slow minute hits both servers, not one.
    const rounds: Array<{ base: LoadSummary; app: LoadSummary }> = [];
    for (let r = 0; r < opts.rounds; r++) {
      rounds.push({ base: await measure({ ...load, url: baseline.url }), app: await measure({ ...load, url: app.url }) });
    }
    const base = combine(rounds.map((r) => r.base));
    const appResult = combine(rounds.map((r) => r.app));
    printResults(base, appResult);
    print(`ratio by round: ${rounds.map((r) => fixed(r.app.rps / Math.max(1, r.base.rps), 2)).join(', ')}`);
    print();
    return printChecks(checks(base, appResult, parts.missing, load)) ? 0 : 1;
  }, { cleanup: () => Promise.all(servers.map((s) => s.stop())), interrupted: killAll });
}

function printDatabase(db: SeededDatabase): void {
  const rate = fixed(db.articles / (db.seedMs / 1000));
  print(
    `database   ${fixed(db.articles)} articles + ${db.demoArticles} demo, ${fixed(db.bytes / 2 ** 20)} MB SQLite; ` +
      `seeded in ${seconds(db.seedMs)} (${rate} rows/s), demo loaded in ${seconds(db.demoMs)}`,
  );
}

/** The app's own rendering of one article: the baseline serves exactly these bytes. */
async function fetchPage(url: string, path: string): Promise<FetchedPage> {
  const res = await fetch(`${url}${path}`);
  const body = Buffer.from(await res.arrayBuffer());
  if (!res.ok) throw new Error(`GET ${path} answered ${res.status}; the benchmark needs a readable article`);
  return { path, body, contentType: res.headers.get('content-type') ?? 'text/html' };
}

/** A page without its ad, category or lists would be cheaper than a real one and flatter the app. */
function pageParts(html: string): { found: string[]; missing: string[] } {
  const cards = html.match(/class="card"/g)?.length ?? 0;
  const parts: Array<[string, boolean]> = [
    ['ad', html.includes('data-ad-slot="article_top"')],
    ['category', html.includes('class="tag"')],
    [`${cards} list items`, cards >= 12],
  ];
  return { found: parts.filter(([, ok]) => ok).map(([p]) => p), missing: parts.filter(([, ok]) => !ok).map(([p]) => p) };
}

function printResults(base: LoadSummary, app: LoadSummary): void {
  const row = (name: string, r: LoadSummary) => [
    name,
    fixed(r.rps),
    fixed(r.p50Ms, 1),
    fixed(r.p99Ms, 1),
    fixed(r.requests),
    r.failed ? `${fixed(r.failed)} (${r.failures})` : '0',
  ];
  const rows = [['', 'req/s', 'p50 ms', 'p99 ms', 'requests', 'failed'], row('baseline node:http', base), row('app /a/:id', app)];
  for (const line of table(rows)) print(line);
}

function checks(base: LoadSummary, app: LoadSummary, missingParts: string[], load: Omit<LoadOptions, 'url'>): Check[] {
  // No response at all must not read as a perfect p99 or an infinite ratio.
  const ratio = base.rps > 0 ? app.rps / base.rps : 0;
  const answered = app.requests > 0;
  return [
    { name: 'throughput ratio app/baseline', actual: fixed(ratio, 2), target: `≥ ${TARGET_RATIO}`, ok: ratio >= TARGET_RATIO },
    { name: `app p99 at ${load.connections} connections`, actual: `${fixed(app.p99Ms, 1)} ms`, target: `< ${TARGET_P99_MS} ms`, ok: answered && app.p99Ms < TARGET_P99_MS },
    // A failed request is also a cheap one: any failure voids the figures above.
    { name: 'failed requests (non-2xx, errors)', actual: fixed(app.failed + base.failed), target: '0', ok: app.failed + base.failed === 0 },
    { name: 'page has ad, category, both lists', actual: missingParts.length ? `missing ${missingParts.join(', ')}` : 'yes', target: 'yes', ok: missingParts.length === 0 },
  ];
}
