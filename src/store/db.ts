import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { RedianError } from '../errors.js';
import type { DB } from './schema.js';

export type DialectName = 'sqlite' | 'postgres';

export interface Store {
  db: Kysely<DB>;
  dialect: DialectName;
  /** Where the data lives, without credentials, for logs and errors. */
  location: string;
  close(): Promise<void>;
}

export interface OpenOptions {
  url: string;
  connectTimeoutMs?: number;
}

/** Opens the database named by DATABASE_URL: a file path or `sqlite:` URL, or `postgres://`. */
export async function openStore({ url, connectTimeoutMs = 5000 }: OpenOptions): Promise<Store> {
  if (/^postgres(ql)?:\/\//i.test(url)) return openPostgres(url, connectTimeoutMs);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url) && !url.startsWith('sqlite:')) {
    throw new RedianError('DB_URL_UNSUPPORTED', `${url.split(':')[0]}: use a file path, sqlite:PATH or postgres://`);
  }
  return openSqlite(url.replace(/^sqlite:(\/\/)?/, ''));
}

function openSqlite(path: string): Store {
  const memory = path === ':memory:';
  const file = memory ? path : resolve(path);
  if (!memory) mkdirSync(dirname(file), { recursive: true });
  const database = new SQLite(file);
  database.pragma('journal_mode = WAL');
  database.pragma('foreign_keys = ON');
  // Another process (a CLI command beside the server) may hold the write lock briefly.
  database.pragma('busy_timeout = 5000');
  database.pragma('synchronous = NORMAL');
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) });
  return { db, dialect: 'sqlite', location: file, close: () => db.destroy() };
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every query anew, and better-sqlite3 keeps no cache: on a page that runs
 * a handful of small queries, preparing is a tenth of the CPU. Statements are kept by SQL
 * text; Kysely's queries have few distinct shapes, so the cache stays small.
 * (A cached statement cannot be iterated twice at once; nothing streams rows.)
 */
function withStatementCache(database: SQLite.Database) {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => database.close(),
    prepare(sqlText: string) {
      let stmt = statements.get(sqlText);
      if (!stmt) {
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
        stmt = database.prepare(sqlText);
        statements.set(sqlText, stmt);
      }
      return stmt;
    },
  };
}

// Times and counters are BIGINT in PostgreSQL; they stay far below 2^53, so plain numbers are safe.
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === pg.types.builtins.INT8 || oid === pg.types.builtins.NUMERIC) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

async function openPostgres(url: string, connectTimeoutMs: number): Promise<Store> {
  const pool = new pg.Pool({
    connectionString: url,
    connectionTimeoutMillis: connectTimeoutMs,
    max: 10,
    types: pgTypes as pg.CustomTypesConfig,
  });
  // An idle client dropped by the server must not crash the process.
  pool.on('error', () => {});
  const location = redact(url);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  try {
    await withTimeout(sql`select 1`.execute(db), connectTimeoutMs + 1000);
  } catch (err) {
    await db.destroy().catch(() => {});
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new RedianError('DB_UNREACHABLE', `cannot reach PostgreSQL at ${location} (${reason})`, { cause: err });
  }
  return { db, dialect: 'postgres', location, close: () => db.destroy() };
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return 'postgres';
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A round trip to the database, for health checks. */
export async function ping(store: Store): Promise<void> {
  await sql`select 1`.execute(store.db);
}
