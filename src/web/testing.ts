import { join } from 'node:path';
import pino from 'pino';
import { DEMO_DIR } from '../demo/demo.js';
import { createServices, type Services } from '../services.js';
import { type Store, openStore } from '../store/db.js';
import { migrateToLatest } from '../store/migrate.js';
import { createApp } from './app.js';
import { IMMUTABLE, loadManifest, PUBLIC_DIR, StaticFiles } from './static.js';

export const TEST_SITE_URL = 'https://news.test';

export interface TestSite {
  app: ReturnType<typeof createApp>;
  services: Services;
  store: Store;
  close(): Promise<void>;
}

/** The real app over a fresh in-memory SQLite database, with the demo corpus loaded. */
export async function createTestSite(options: { demo?: boolean; store?: Store } = {}): Promise<TestSite> {
  const store = options.store ?? (await openStore({ url: ':memory:' }));
  await migrateToLatest(store);
  const services = createServices(store);
  if (options.demo !== false) await services.demo.load();
  const app = createApp({
    services,
    siteUrl: TEST_SITE_URL,
    assets: loadManifest(),
    publicFiles: StaticFiles.load(PUBLIC_DIR, IMMUTABLE),
    demoMedia: StaticFiles.load(join(DEMO_DIR, 'media'), 'public, max-age=86400'),
    logger: pino({ level: 'silent' }),
  });
  return { app, services, store, close: () => store.close() };
}
