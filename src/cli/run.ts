import { type Config, loadConfig } from '../config/config.js';
import { createLogger } from '../log.js';
import { createServices, type ServiceOptions, type Services } from '../services.js';
import { openStore, type Store } from '../store/db.js';
import { assertSchemaCurrent } from '../store/migrate.js';

let config: Config | undefined;

/** The validated configuration, read from the environment once per process. */
export function cliConfig(): Config {
  config ??= loadConfig();
  return config;
}

/** Opens the configured store for one command and always closes it. */
export async function withStore<T>(fn: (store: Store) => Promise<T>): Promise<T> {
  const c = cliConfig();
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
    await assertSchemaCurrent(store);
    const config = cliConfig();
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
