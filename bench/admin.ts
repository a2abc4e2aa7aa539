// The admin console at 100k articles with 30 days of hourly read counts: the dashboard
// (two 30-day charts, today's top articles, failing sources, pending takedowns) and the
// article screen (newest first, a title search, a status filter), each rendered whole by
// the app in this process, one request at a time; against a baseline in the same run and
// process: the public home page.
//
//   npm run bench -- admin [--articles N] [--visitors N] [--rounds N]
//
// Exit code 0 when every target is met, 1 when one is missed, 2 on bad options.
import { join } from 'node:path';
import pino from 'pino';
import { createServices } from '../src/services.js';
import { openStore } from '../src/store/db.js';
import { createApp } from '../src/web/app.js';
import { ImageProxy } from '../src/images/proxy.js';
import { IMMUTABLE, loadManifest, PUBLIC_DIR, StaticFiles } from '../src/web/static.js';
import { DEMO_DIR } from '../src/demo/demo.js';
import { numberOptions } from './lib/options.js';
import { type Check, fixed, print, printChecks, seconds, table } from './lib/report.js';
import { seedReading } from './lib/reading.js';
import { benchRun } from './lib/run-dir.js';
import { createBenchDatabase } from './lib/seed.js';

export const description = 'admin dashboard and article screen p50/p95 at 100k articles, against the home page';

const PASSWORD = 'bench password 123';
/** A console screen may cost this many home pages (it runs several aggregate queries). */
const TARGET_RATIO = 10;
const TARGET_P95_MS = 100;

export async function run(args: string[]): Promise<number> {
  const opts = numberOptions(args, {
    articles: { default: 100_000, min: 100, integer: true },
    visitors: { default: 5_000, min: 1, integer: true },
    rounds: { default: 40, min: 2, integer: true },
  });
  return benchRun('admin console', async (dir) => {
    const now = Date.now();
    const db = await createBenchDatabase({ file: join(dir, 'redian.db'), articles: opts.articles, now });
    const reading = seedReading({ file: db.file, visitors: opts.visitors, readsPerVisitor: 30, now });
    print(`database   ${fixed(db.articles)} articles + ${db.demoArticles} demo, ${fixed(reading.viewHours)} hourly read counts; seeded in ${seconds(db.seedMs + reading.ms)}`);

    const store = await openStore({ url: db.file });
    const logger = pino({ level: 'silent' });
    const services = createServices(store, logger);
    const images = new ImageProxy({ cacheDir: join(dir, 'img'), siteUrl: 'http://bench.test', logger });
    try {
      const app = createApp({
        services,
        siteUrl: 'http://bench.test',
        assets: loadManifest(),
        publicFiles: StaticFiles.load(PUBLIC_DIR, IMMUTABLE),
        demoMedia: StaticFiles.load(join(DEMO_DIR, 'media'), 'public, max-age=86400'),
        logger,
        images,
      });
      await services.admin.accounts.create({ username: 'bench', password: PASSWORD, role: 'admin' }, 'bench');
      const login = await services.admin.accounts.login('bench', PASSWORD, '127.0.0.1');
      if (!login.ok) throw new Error('bench login failed');
      const cookie = `redian_admin=${login.token}`;
      const word = (await store.db.selectFrom('articles').select('title').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow()).title.slice(2, 4);

      const screens: Array<[string, string, boolean]> = [
        ['dashboard /admin', '/admin', true],
        ['articles, newest first', '/admin/articles', true],
        [`articles, title has "${word}"`, `/admin/articles?q=${encodeURIComponent(word)}`, true],
        ['articles, status hidden', '/admin/articles?status=hidden', true],
        ['baseline: home page /', '/', false],
      ];
      const times = screens.map(() => [] as number[]);
      const get = async (path: string, auth: boolean) => {
        const res = await app.request(path, auth ? { headers: { Cookie: cookie } } : {});
        if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
        await res.text();
      };
      for (const [, path, auth] of screens) await get(path, auth); // warm-up
      // Round-robin, so a noisy moment hits every screen alike.
      for (let round = 0; round < opts.rounds; round++) {
        for (const [i, [, path, auth]] of screens.entries()) {
          const t = performance.now();
          await get(path, auth);
          times[i]!.push(performance.now() - t);
        }
      }
      const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
      const home = q(times.at(-1)!, 0.5);
      print(`load       ${opts.rounds} rounds of each screen, one request at a time, rendered whole (app.request, no network)`);
      print();
      const rows = [['', 'p50 ms', 'p95 ms', 'p50 / home p50']];
      for (const [i, [name]] of screens.entries()) rows.push([name, fixed(q(times[i]!, 0.5), 2), fixed(q(times[i]!, 0.95), 2), fixed(q(times[i]!, 0.5) / home, 2)]);
      for (const line of table(rows)) print(line);
      print();
      const checks: Check[] = screens.slice(0, -1).flatMap(([name], i) => [
        { name: `${name} p95`, actual: `${fixed(q(times[i]!, 0.95), 1)} ms`, target: `< ${TARGET_P95_MS} ms`, ok: q(times[i]!, 0.95) < TARGET_P95_MS },
        { name: `${name} / home`, actual: fixed(q(times[i]!, 0.5) / home, 2), target: `≤ ${TARGET_RATIO}`, ok: q(times[i]!, 0.5) / home <= TARGET_RATIO },
      ]);
      return printChecks(checks) ? 0 : 1;
    } finally {
      await images.close();
      await services.close();
      await store.close();
    }
  });
}
