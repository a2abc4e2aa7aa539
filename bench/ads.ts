// Ads on the article page and their counting, measured against baselines in the same run
// and process:
//   1. the article page with an ad in each of its three slots (top, bottom, sidebar; daily
//      caps in the reader's cookie, impressions buffered) against the same page for a reader
//      who closed all three slots, request by request;
//   2. serving an ad with its impression buffered and written about once a second, against
//      serving it with one write per impression (what a naive counter does).
// Every impression served must be in the database after the final flush.
//
//   npm run bench -- ads [--articles N] [--rounds N] [--impressions N]
//
// Exit code 0 when every target is met, 1 when one is missed, 2 on bad options.
import { join } from 'node:path';
import pino from 'pino';
import { beijingDay } from '../src/ads/day.js';
import { SeenAds } from '../src/ads/frequency.js';
import { DEMO_DIR } from '../src/demo/demo.js';
import { ImageProxy } from '../src/images/proxy.js';
import { createServices } from '../src/services.js';
import { openStore } from '../src/store/db.js';
import { createRepos } from '../src/store/repos/index.js';
import { createApp } from '../src/web/app.js';
import { IMMUTABLE, loadManifest, PUBLIC_DIR, StaticFiles } from '../src/web/static.js';
import { numberOptions } from './lib/options.js';
import { type Check, fixed, print, printChecks, seconds, table } from './lib/report.js';
import { benchRun } from './lib/run-dir.js';
import { createBenchDatabase, sampleArticleIds } from './lib/seed.js';

export const description = 'article page with ads in three slots vs. no ads; buffered impressions vs. a write per impression';

/** Three ads, a cap check and a cookie per page may cost this much of the page's throughput. */
const TARGET_PAGE_RATIO = 0.85;
/** Buffering must beat a write per impression by this much. */
const TARGET_COUNT_RATIO = 10;
const SLOTS = ['article_top', 'article_bottom', 'sidebar'] as const;

export async function run(args: string[]): Promise<number> {
  const opts = numberOptions(args, {
    articles: { default: 100_000, min: 100, integer: true },
    rounds: { default: 10, min: 2, integer: true },
    impressions: { default: 2_000, min: 100, integer: true },
  });
  return benchRun('ads', async (dir) => {
    const db = await createBenchDatabase({ file: join(dir, 'redian.db'), articles: opts.articles });
    print(`database   ${fixed(db.articles)} articles + ${db.demoArticles} demo; seeded in ${seconds(db.seedMs)}`);
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
      // Three ads a slot, two of them capped per reader, one with an image through the proxy.
      for (const slot of SLOTS) {
        for (let i = 0; i < 3; i++) {
          await services.ads.create(
            { slot, kind: i === 0 ? 'image' : 'text', title: `${slot} 广告 ${i}`, image_url: i === 0 ? 'https://img.example/banner.png' : null, link_url: 'https://ad.example/', weight: i + 1, freq_cap: i < 2 ? 1000 : null },
            'bench',
          );
        }
      }
      const ids = sampleArticleIds(db.file, 500);
      const day = beijingDay(Date.now());
      // The baseline reader closed all three slots: the same page, the same app, no ad chosen.
      const COOKIES = { on: `ad_seen=${day}_1-3`, off: `ad_seen=${day}_1-3; ${SLOTS.map((s) => `ad_closed_${s}=1`).join('; ')}` };
      const page = async (i: number, mode: 'on' | 'off') => {
        const t = performance.now();
        const res = await app.request(`/a/${ids[i % ids.length]}`, { headers: { Cookie: COOKIES[mode] } });
        const html = await res.text();
        if (res.status !== 200) throw new Error(`article page answered ${res.status}`);
        if (html.includes('data-ad-slot="article_bottom"') !== (mode === 'on')) throw new Error(`${mode}: ads ${mode === 'on' ? 'missing' : 'shown'}`);
        return performance.now() - t;
      };

      // 1. Article pages, each with and without ads one right after the other (in alternating
      // order), so cache expiries and noisy moments hit both alike.
      const perRound = ids.length;
      const ms = { on: 0, off: 0 };
      for (let i = 0; i < perRound; i++) await page(i, 'on'); // warm-up: every page rendered and cached
      for (let round = 0; round < opts.rounds; round++) {
        for (let i = 0; i < perRound; i++) {
          for (const mode of (round + i) % 2 === 0 ? (['on', 'off'] as const) : (['off', 'on'] as const)) ms[mode] += await page(i, mode);
        }
      }
      const pages = perRound * opts.rounds;
      const withAds = pages / (ms.on / 1000);
      const without = pages / (ms.off / 1000);

      // 2. Counting: serve an ad and count its impression, buffered vs. a write each.
      const repos = createRepos(store);
      await services.ads.flush();
      const before = await storedImpressions(repos);
      const reader = SeenAds.parse(undefined, beijingDay(Date.now()));
      const ctx = { categoryId: null, seen: reader };
      let t = performance.now();
      for (let i = 0; i < opts.impressions; i++) await services.ads.choose('article_top', ctx);
      await services.ads.flush();
      const bufferedMs = performance.now() - t;
      t = performance.now();
      for (let i = 0; i < opts.impressions; i++) {
        const ad = (await services.ads.pick('article_top'))!;
        await repos.ads.addDaily([{ ad_id: ad.id, day: beijingDay(Date.now()), impressions: 1, clicks: 0, closes: 0 }]);
      }
      const directMs = performance.now() - t;
      const stored = (await storedImpressions(repos)) - before;
      const served = opts.impressions * 2;

      print(`load       ${opts.rounds} rounds of ${perRound} article pages, each with and without ads (slots closed by the reader), one at a time (app.request, in process)`);
      print(`           ${fixed(opts.impressions)} impressions buffered, then ${fixed(opts.impressions)} written one by one (SQLite file)`);
      print();
      for (const line of table([
        ['', 'per second', 'ratio'],
        ['article page, 3 ad slots', fixed(withAds), fixed(withAds / without, 2)],
        ['baseline: slots closed', fixed(without), '1.00'],
        ['impressions, buffered', fixed(opts.impressions / (bufferedMs / 1000)), fixed(directMs / bufferedMs, 1)],
        ['baseline: a write each', fixed(opts.impressions / (directMs / 1000)), '1.0'],
      ]))
        print(line);
      print();
      const checks: Check[] = [
        { name: 'page with ads / without', actual: fixed(withAds / without, 2), target: `≥ ${TARGET_PAGE_RATIO}`, ok: withAds / without >= TARGET_PAGE_RATIO },
        { name: 'buffered / a write each', actual: fixed(directMs / bufferedMs, 1), target: `≥ ${TARGET_COUNT_RATIO}`, ok: directMs / bufferedMs >= TARGET_COUNT_RATIO },
        { name: 'impressions stored / served', actual: `${fixed(stored)} / ${fixed(served)}`, target: 'all', ok: stored === served },
      ];
      return printChecks(checks) ? 0 : 1;
    } finally {
      await images.close();
      await services.close();
      await store.close();
    }
  });
}

async function storedImpressions(repos: ReturnType<typeof createRepos>): Promise<number> {
  const rows = await repos.ads.daily(0);
  return rows.reduce((n, r) => n + r.impressions, 0);
}
