import { z } from 'zod';
import { RedianError } from '../errors.js';

const flag = z
  .string()
  .trim()
  .toLowerCase()
  .refine((v) => ['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'].includes(v), {
    message: 'must be one of 1, 0, true, false, yes, no, on, off',
  })
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const port = z.coerce
  .number({ message: 'must be a number' })
  .int('must be a whole number')
  .min(0, 'must be between 0 and 65535')
  .max(65535, 'must be between 0 and 65535');

const httpUrl = z
  .url({ message: 'must be an absolute http(s) URL', protocol: /^https?$/ })
  .transform((v) => v.replace(/\/+$/, ''));

/**
 * Every environment variable Redian reads, with its default. The README's config table
 * mirrors this list; `config.test.ts` checks that the two agree.
 */
export const ENV_SCHEMA = z.object({
  PORT: port.default(3000),
  HOST: z.string().trim().min(1, 'must not be empty').default('127.0.0.1'),
  SITE_URL: httpUrl.optional(),
  DATABASE_URL: z.string().trim().min(1, 'must not be empty').default('data/redian.db'),
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce
    .number({ message: 'must be a number' })
    .int('must be a whole number')
    .min(100, 'must be at least 100')
    .max(60000, 'must be at most 60000')
    .default(5000),
  REDIS_URL: z.url({ message: 'must be a redis:// or rediss:// URL', protocol: /^rediss?$/ }).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  REDIAN_DEMO: flag.default(true),
  MIGRATE_ON_START: flag.default(true),
  FETCH_ALLOW_LOOPBACK: flag.default(false),
  IMAGE_PROXY_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  REDIS_PREFIX: z.string().trim().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'must be 1-64 letters, digits or _ . : -').default('redian'),
  VISITOR_ID_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  IMAGE_CACHE_DIR: z.string().trim().min(1, 'must not be empty').default('data/img-cache'),
  IMAGE_CACHE_MAX_MB: z.coerce
    .number({ message: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .default(512),
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  SMTP_URL: z.url({ message: 'must be an smtp:// or smtps:// URL', protocol: /^smtps?$/ }).optional(),
  SMTP_FROM: z.email({ message: 'must be an e-mail address' }).optional(),
});

export interface Config {
  port: number;
  host: string;
  /** Public base URL without a trailing slash, used for canonical links and feeds. */
  siteUrl: string;
  databaseUrl: string;
  databaseConnectTimeoutMs: number;
  redisUrl: string | undefined;
  logLevel: z.infer<typeof ENV_SCHEMA>['LOG_LEVEL'];
  loadDemo: boolean;
  migrateOnStart: boolean;
  /** Lets the fetcher reach 127.0.0.1, for tests against a local server; never in production. */
  fetchAllowLoopback: boolean;
  /** Signs /img/ URLs; unset, each process picks a random one, so several web nodes must set it. */
  imageProxySecret: string | undefined;
  imageCacheDir: string;
  /** Start of this site's Redis keys, so several sites (or test runs) can share one Redis. */
  redisPrefix: string;
  /** Signs visitor-id cookies; unset, a key generated once is kept in the database (shared by every node). */
  visitorIdSecret: string | undefined;
  imageCacheMaxMb: number;
  /** Bearer token for /metrics from other machines; unset, only localhost may read it. */
  metricsToken: string | undefined;
  /** Outgoing mail (takedown notices): sent only when both are set, else kept in the outbox. */
  smtpUrl: string | undefined;
  smtpFrom: string | undefined;
}

/** Reads and validates the environment once; throws CONFIG_INVALID naming the first bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // An empty variable means "not set", as in most shells' `FOO= cmd`.
  const present = Object.fromEntries(
    Object.keys(ENV_SCHEMA.shape).flatMap((k) => (env[k] === undefined || env[k] === '' ? [] : [[k, env[k]]])),
  );
  const parsed = ENV_SCHEMA.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    const got = present[name] === undefined ? '' : ` (got "${present[name]}")`;
    throw new RedianError('CONFIG_INVALID', `${name} ${describeIssue(issue)}${got}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    siteUrl: e.SITE_URL ?? `http://localhost:${e.PORT}`,
    databaseUrl: e.DATABASE_URL,
    databaseConnectTimeoutMs: e.DATABASE_CONNECT_TIMEOUT_MS,
    redisUrl: e.REDIS_URL,
    logLevel: e.LOG_LEVEL,
    loadDemo: e.REDIAN_DEMO,
    migrateOnStart: e.MIGRATE_ON_START,
    fetchAllowLoopback: e.FETCH_ALLOW_LOOPBACK,
    imageProxySecret: e.IMAGE_PROXY_SECRET,
    imageCacheDir: e.IMAGE_CACHE_DIR,
    visitorIdSecret: e.VISITOR_ID_SECRET,
    redisPrefix: e.REDIS_PREFIX,
    imageCacheMaxMb: e.IMAGE_CACHE_MAX_MB,
    metricsToken: e.METRICS_TOKEN,
    smtpUrl: e.SMTP_URL,
    smtpFrom: e.SMTP_FROM,
  };
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_value' && 'values' in issue) {
    return `must be one of ${issue.values.join(', ')}`;
  }
  return issue.message;
}
