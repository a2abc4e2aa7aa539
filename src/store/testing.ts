import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { describeError } from '../errors.js';
import { type Store, openStore } from './db.js';
import type { NewArticle } from './schema.js';
import { migrateToLatest } from './migrate.js';

/**
 * Test support: the same suites run on SQLite and on PostgreSQL. PostgreSQL tests run
 * against TEST_DATABASE_URL (default: the local `test` database); each store gets its
 * own schema, dropped on close, so test files can run in parallel.
 * Where PostgreSQL is unreachable its tests are skipped with the reason, unless
 * REDIAN_REQUIRE_POSTGRES=1 (set by CI), where that is a failure.
 */
export const TEST_PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDialect {
  name: 'sqlite' | 'postgres';
  /** Why this dialect's tests are skipped here, or undefined when they run. */
  skip: string | undefined;
  /** A fresh, migrated, empty store. */
  open(): Promise<Store>;
}

async function probePostgres(): Promise<string | undefined> {
  try {
    const store = await openStore({ url: TEST_PG_URL, connectTimeoutMs: 3000 });
    await store.close();
    return undefined;
  } catch (err) {
    const reason = `PostgreSQL not reachable: ${describeError(err)}`;
    if (process.env.REDIAN_REQUIRE_POSTGRES === '1') throw new Error(`${reason} (REDIAN_REQUIRE_POSTGRES=1)`);
    return reason;
  }
}

/**
 * Kysely's migrator looks for its tables with a query over every schema's tables, which
 * resolves each schema by name: a schema another test file drops meanwhile makes it fail
 * ("schema t_… does not exist"). Migrations hold this advisory lock shared, drops hold it
 * alone, each on a session of its own (advisory locks belong to a session).
 */
const SCHEMA_DROP_LOCK = 7_320_001;

async function underLock<T>(admin: Store, mode: 'shared' | 'exclusive', fn: () => Promise<T>): Promise<T> {
  const [lock, unlock] = mode === 'shared' ? ['pg_advisory_lock_shared', 'pg_advisory_unlock_shared'] : ['pg_advisory_lock', 'pg_advisory_unlock'];
  return admin.db.connection().execute(async (session) => {
    await sql`select ${sql.raw(lock)}(${SCHEMA_DROP_LOCK})`.execute(session);
    try {
      return await fn();
    } finally {
      await sql`select ${sql.raw(unlock)}(${SCHEMA_DROP_LOCK})`.execute(session);
    }
  });
}

/** A migrated store in a schema of its own, dropped on close. */
async function openPostgresSchema(): Promise<Store> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = await openStore({ url: TEST_PG_URL });
  await sql`create schema ${sql.id(schema)}`.execute(admin.db);
  const url = new URL(TEST_PG_URL);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const store = await openStore({ url: url.toString() });
  await underLock(admin, 'shared', () => migrateToLatest(store));
  return {
    ...store,
    async close() {
      await store.close();
      await underLock(admin, 'exclusive', () => sql`drop schema ${sql.id(schema)} cascade`.execute(admin.db));
      await admin.close();
    },
  };
}

export async function testDialects(): Promise<TestDialect[]> {
  const pgSkip = await probePostgres();
  const openSqlite = async () => {
    const store = await openStore({ url: ':memory:' });
    await migrateToLatest(store);
    return store;
  };
  return [
    { name: 'sqlite', skip: undefined, open: openSqlite },
    { name: 'postgres', skip: pgSkip, open: openPostgresSchema },
  ];
}

/** A plain published article of `sourceId` for repository tests: guid g, title 标题 g, stored and published at `at`. */
export function newArticle(sourceId: number, guid: string, at: number, over: Partial<NewArticle> = {}): NewArticle {
  return {
    source_id: sourceId,
    category_id: null,
    guid,
    url: `https://a.example/${guid}`,
    title: `标题 ${guid}`,
    author: null,
    summary: '摘要',
    content_html: '<p>正文</p>',
    content_text: '正文',
    lead_image: null,
    published_at: at,
    created_at: at,
    ...over,
  };
}
