// Only types at the top: every command (and `--help`) loads this file, while the app behind
// it (services, database drivers, parsers, jieba…) takes about a second to load, so it is
// imported when a command first runs, and only the part that command needs.
import type { Config } from '../config/config.js';
import type { ServiceOptions, Services } from '../services.js';
import type { Store } from '../store/db.js';

let config: Config | undefined;

/** The validated configuration, read from the environment once per process. */
export async function cliConfig(): Promise<Config> {
  config ??= (await import('../config/config.js')).loadConfig();
  return config;
}

/** Opens the configured store for one command and always closes it. */
export async function withStore<T>(fn: (store: Store) => Promise<T>): Promise<T> {
  const c = await cliConfig();
  const { openStore } = await import('../store/db.js');
  const store = await openStore({ url: c.databaseUrl, connectTimeoutMs: c.databaseConnectTimeoutMs });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** Like withStore, on a schema that must be current, with the services over it. */
export function withServices<T>(fn: (services: Services) => Promise<T>, options: Omit<ServiceOptions, 'fetchAllowLoopback'> = {}): Promise<T> {
  return withStore(async (store) => {
    const [{ assertSchemaCurrent }, { createServices }, { createLogger }] = await Promise.all([
      import('../store/migrate.js'),
      import('../services.js'),
      import('../log.js'),
    ]);
    await assertSchemaCurrent(store);
    const config = await cliConfig();
    const services = createServices(store, createLogger(config.logLevel, 'stderr'), { ...options, fetchAllowLoopback: config.fetchAllowLoopback, redisUrl: config.redisUrl, smtp: { url: config.smtpUrl, from: config.smtpFrom } });
    try {
      return await fn(services);
    } finally {
      await services.close();
    }
  });
}

/** Audit actor for decisions made from the command line. */
export const CLI_ACTOR = `cli:${process.env.USER ?? 'unknown'}`;

export function print(line: string): void {
  process.stdout.write(`${line}\n`);
}
