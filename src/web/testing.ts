import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import pino from 'pino';
import { DEMO_DIR } from '../demo/demo.js';
import { ImageProxy, type ImageProxyOptions } from '../images/proxy.js';
import { createServices, type ServiceOptions, type Services } from '../services.js';
import { type Store, openStore } from '../store/db.js';
import { migrateToLatest } from '../store/migrate.js';
import { createApp } from './app.js';
import { IMMUTABLE, loadManifest, PUBLIC_DIR, StaticFiles } from './static.js';

export const TEST_SITE_URL = 'https://news.test';

export interface TestSite {
  app: ReturnType<typeof createApp>;
  services: Services;
  store: Store;
  images: ImageProxy;
  close(): Promise<void>;
}

/** The real app over a fresh in-memory SQLite database, with the demo corpus loaded. */
export async function createTestSite(
  options: { demo?: boolean; store?: Store; images?: Partial<ImageProxyOptions>; services?: ServiceOptions; metricsToken?: string } = {},
): Promise<TestSite> {
  const store = options.store ?? (await openStore({ url: ':memory:' }));
  await migrateToLatest(store);
  const logger = pino({ level: 'silent' });
  const services = createServices(store, logger, options.services);
  if (options.demo !== false) await services.demo.load();
  // A directory of its own, made only if an image is proxied, removed at close.
  const cacheDir = join(tmpdir(), `redian-img-${randomBytes(6).toString('hex')}`);
  const images = new ImageProxy({ cacheDir, siteUrl: TEST_SITE_URL, logger, ...options.images });
  const app = createApp({
    services,
    siteUrl: TEST_SITE_URL,
    assets: loadManifest(),
    publicFiles: StaticFiles.load(PUBLIC_DIR, IMMUTABLE),
    demoMedia: StaticFiles.load(join(DEMO_DIR, 'media'), 'public, max-age=86400'),
    logger,
    images,
    metricsToken: options.metricsToken,
  });
  return {
    app,
    services,
    store,
    images,
    async close() {
      await images.close();
      await rm(cacheDir, { recursive: true, force: true });
      await services.close();
      await store.close();
    },
  };
}

/** An element's text with whitespace collapsed; '' for no element. */
export function textOf(el: Element | null | undefined): string {
  return el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

/** The page as a DOM, for assertions on elements rather than on strings. */
export async function fetchPage(site: TestSite, path: string, init?: RequestInit) {
  const res = await site.app.request(path, init);
  const html = await res.text();
  const { document } = parseHTML(html);
  return { res, html, document };
}

/** A demo story that several media carry: its id and its articles, the original first. */
export async function sharedDemoStory(site: TestSite): Promise<{ storyId: number; articleIds: number[] }> {
  const row = await site.store.db
    .selectFrom('articles')
    .select(['story_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('story_id', 'is not', null)
    .groupBy('story_id')
    .having((eb) => eb.fn.countAll(), '>=', 2)
    .orderBy('story_id')
    .executeTakeFirstOrThrow();
  const articles = await site.store.db
    .selectFrom('articles')
    .select('id')
    .where('story_id', '=', row.story_id)
    .orderBy('published_at')
    .orderBy('id')
    .execute();
  return { storyId: row.story_id!, articleIds: articles.map((a) => a.id) };
}

/** An article of the demo with figures, an author and a category: the richest page to test. */
export async function richDemoArticle(site: TestSite): Promise<number> {
  const row = await site.store.db
    .selectFrom('articles')
    .select('id')
    .where('content_html', 'like', '%<figcaption>%')
    .where('content_html', 'like', '%<h2>%')
    .where('author', 'is not', null)
    .where('category_id', 'is not', null)
    .orderBy('id')
    .executeTakeFirstOrThrow();
  return row.id;
}
