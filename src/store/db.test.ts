import { createServer, type Server } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { isRedianError } from '../errors.js';
import { openStore } from './db.js';
import { assertSchemaCurrent, migrateToLatest } from './migrate.js';

describe('openStore', () => {
  const dir = mkdtempSync(join(tmpdir(), 'redian-db-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('opens a SQLite file in WAL mode with foreign keys and a busy timeout, creating its folder', async () => {
    const store = await openStore({ url: join(dir, 'nested', 'site.db') });
    try {
      expect(store.dialect).toBe('sqlite');
      const pragma = async (name: string) => Object.values((await sql.raw(`pragma ${name}`).execute(store.db)).rows[0] as object)[0];
      expect(await pragma('journal_mode')).toBe('wal');
      expect(await pragma('foreign_keys')).toBe(1);
      expect(await pragma('busy_timeout')).toBe(5000);
    } finally {
      await store.close();
    }
  });

  it('accepts sqlite: URLs', async () => {
    const store = await openStore({ url: `sqlite:${join(dir, 'b.db')}` });
    expect(store.location).toBe(join(dir, 'b.db'));
    await store.close();
  });

  it('refuses other URL schemes with a clear error', async () => {
    await expect(openStore({ url: 'mysql://root@localhost/x' })).rejects.toThrow(/unsupported DATABASE_URL: mysql/);
  });

  it('reports a refused PostgreSQL connection at once', async () => {
    const started = Date.now();
    const err = await openStore({ url: 'postgres://nobody@127.0.0.1:1/none' }).catch((e: unknown) => e);
    expect(isRedianError(err, 'DB_UNREACHABLE')).toBe(true);
    expect(String((err as Error).message)).toMatch(/cannot reach PostgreSQL at 127\.0\.0\.1:1\/none \(ECONNREFUSED\)/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('gives up on a PostgreSQL that accepts but never answers, within the connect timeout', async () => {
    // A listener that takes the TCP connection and says nothing: the case that used to hang.
    const silent: Server = createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as { port: number }).port;
    const started = Date.now();
    try {
      const err = await openStore({ url: `postgres://x@127.0.0.1:${port}/db`, connectTimeoutMs: 500 }).catch((e: unknown) => e);
      expect(isRedianError(err, 'DB_UNREACHABLE')).toBe(true);
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      silent.close();
    }
  });

  it('refuses a schema behind the code, and one migrated by a newer version', async () => {
    const store = await openStore({ url: ':memory:' });
    try {
      const behind = await assertSchemaCurrent(store).catch((e: unknown) => e);
      expect(isRedianError(behind, 'SCHEMA_BEHIND')).toBe(true);
      expect((behind as Error).message).toMatch(/0001_initial.*redian migrate/);
      await migrateToLatest(store);
      await assertSchemaCurrent(store);
      await sql`insert into schema_migrations (name, timestamp) values ('9999_future', '2030-01-01')`.execute(store.db);
      const ahead = await assertSchemaCurrent(store).catch((e: unknown) => e);
      expect(isRedianError(ahead, 'SCHEMA_AHEAD')).toBe(true);
    } finally {
      await store.close();
    }
  });
});
