import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import type { Config } from '../config/config.js';
import { DEMO_DIR } from '../demo/demo.js';
import { ImageProxy } from '../images/proxy.js';
import type { Logger } from '../log.js';
import { createServices } from '../services.js';
import { openStore } from '../store/db.js';
import { assertSchemaCurrent, migrateToLatest } from '../store/migrate.js';
import { createApp } from './app.js';
import { IMMUTABLE, loadManifest, PUBLIC_DIR, StaticFiles } from './static.js';

export interface RunningServer {
  url: string;
  /** Stops accepting, lets requests in flight finish (up to `graceMs`), closes the database. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Boot order: database, migrations (unless disabled), a schema check that refuses to
 * serve on a schema behind or ahead of the code, the demo on an empty site, then HTTP and
 * (unless told not to) the scheduler that fetches due sources.
 */
export async function startServer(config: Config, logger: Logger, options: { fetch: boolean } = { fetch: true }): Promise<RunningServer> {
  const store = await openStore({ url: config.databaseUrl, connectTimeoutMs: config.databaseConnectTimeoutMs });
  try {
    if (config.migrateOnStart) {
      const applied = await migrateToLatest(store);
      if (applied.length) logger.info({ applied }, 'migrations applied');
    }
    await assertSchemaCurrent(store);
    const services = createServices(store, logger, { fetchAllowLoopback: config.fetchAllowLoopback, redisUrl: config.redisUrl, visitorSecret: config.visitorIdSecret, redisPrefix: `${config.redisPrefix}:views`, countWriterThread: true, smtp: { url: config.smtpUrl, from: config.smtpFrom } });
    if (config.loadDemo && (await services.demo.siteIsEmpty())) {
      const result = await services.demo.load();
      logger.info(result, 'demo content loaded (REDIAN_DEMO=0 skips it; "redian demo remove" deletes it)');
    }
    if (!config.imageProxySecret) logger.info('IMAGE_PROXY_SECRET unset: image URLs are signed with a random key and change at restart');
    const images = new ImageProxy({
      secret: config.imageProxySecret,
      cacheDir: config.imageCacheDir,
      cacheMaxBytes: config.imageCacheMaxMb * 1024 * 1024,
      siteUrl: config.siteUrl,
      allowLoopback: config.fetchAllowLoopback,
      logger,
    });
    const app = createApp({
      services,
      siteUrl: config.siteUrl,
      assets: loadManifest(),
      publicFiles: StaticFiles.load(PUBLIC_DIR, IMMUTABLE),
      demoMedia: StaticFiles.load(join(DEMO_DIR, 'media'), 'public, max-age=86400'),
      logger,
      images,
      metricsToken: config.metricsToken,
    });
    // Hot ranking, the candidate index and the last week's reads (co-reading, and the
    // histories 猜你喜欢 starts from) are built before the first request: built lazily, the
    // first seconds of traffic would each query the database for what these hold. Then the
    // latest readers' 猜你喜欢 pools: a node restarted under load would otherwise compute one
    // per returning reader at once.
    const warmStarted = performance.now();
    await services.recommend.warm();
    const pools = await services.recommend.prepare();
    logger.info({ ms: Math.round(performance.now() - warmStarted), pools }, 'recommendation data built');
    const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
      s.once('error', reject);
    });
    if (options.fetch) services.ingest.scheduler.start((err) => logger.error({ err }, 'scheduler run failed'));
    // Every node may send: each mail is leased to one worker at a time.
    services.takedowns.outbox.start();
    const { port } = server.address() as AddressInfo;
    const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
    logger.info({ url, database: `${store.dialect} ${store.location}`, site: config.siteUrl }, 'serving');
    return {
      url,
      async stop(graceMs = 10_000) {
        const http = server as unknown as Server;
        // Keep-alive connections would otherwise carry new requests until their idle timeout:
        // each response from now on says Connection: close, and idle ones are closed as they appear.
        http.on('request', (_req: IncomingMessage, res: ServerResponse) => {
          if (!res.headersSent) res.shouldKeepAlive = false;
        });
        await new Promise<void>((resolve) => {
          const idle = setInterval(() => http.closeIdleConnections(), 50);
          const timer = setTimeout(() => {
            // Requests still open after the grace period are cut, so the process can exit.
            http.closeAllConnections();
          }, graceMs);
          http.close(() => {
            clearTimeout(timer);
            clearInterval(idle);
            resolve();
          });
          http.closeIdleConnections();
        });
        logger.info('no request in flight; writing buffered counts');
        await images.close();
        // Writes the reads counted by the requests just answered (and, with Redis, what is pending there).
        await services.close();
        await store.close();
        logger.info('stopped');
      },
    };
  } catch (err) {
    await store.close();
    throw err;
  }
}
