import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import { RedianError } from '../errors.js';
import type { DialectName, Store } from './db.js';
import * as m0001 from './migrations/0001_initial.js';
import * as m0002 from './migrations/0002_ingestion.js';
import * as m0003 from './migrations/0003_text.js';
import * as m0004 from './migrations/0004_search.js';
import * as m0005 from './migrations/0005_audience.js';
import * as m0006 from './migrations/0006_admin.js';
import * as m0007 from './migrations/0007_ads_rights.js';
import * as m0008 from './migrations/0008_categories.js';
import * as m0009 from './migrations/0009_editorial.js';
import * as m0010 from './migrations/0010_paragraphs.js';


type Step = { up(db: Kysely<unknown>, dialect: DialectName): Promise<void> };

/** Forward-only, in order; the key is the name recorded in the database. Never rename or edit a landed one. */
const STEPS: Record<string, Step> = {
  '0001_initial': m0001 as Step,
  '0002_ingestion': m0002 as Step,
  '0003_text': m0003 as Step,
  '0004_search': m0004 as Step,
  '0005_audience': m0005 as Step,
  '0006_admin': m0006 as Step,
  '0007_ads_rights': m0007 as Step,
  '0008_categories': m0008 as Step,
  '0009_editorial': m0009 as Step,
  '0010_paragraphs': m0010 as Step,
};

async function migrator(store: Store): Promise<Migrator> {
  const provider: MigrationProvider = {
    async getMigrations() {
      const out: Record<string, Migration> = {};
      for (const [name, step] of Object.entries(STEPS)) {
        out[name] = { up: (db) => step.up(db, store.dialect) };
      }
      return out;
    },
  };
  return new Migrator({
    db: store.db as Kysely<unknown>,
    provider,
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
    // Kysely looks for its tables in every schema unless told one; on a server shared by
    // several sites (or test runs) another schema's tables would pass for ours.
    migrationTableSchema: store.dialect === 'postgres' ? await currentSchema(store) : undefined,
  });
}

async function currentSchema(store: Store): Promise<string> {
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(store.db);
  return rows[0]!.schema;
}

/** Applies every pending migration; returns the names applied now. */
export async function migrateToLatest(store: Store): Promise<string[]> {
  const { error, results = [] } = await (await migrator(store)).migrateToLatest();
  if (error) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new RedianError('MIGRATION_FAILED', `${failed}: ${(error as Error).message ?? error}`, { cause: error });
  }
  return results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export interface SchemaStatus {
  applied: string[];
  pending: string[];
  /** Applied in the database but unknown to this code: a newer version migrated it. */
  unknown: string[];
}

export async function schemaStatus(store: Store): Promise<SchemaStatus> {
  const infos = await (await migrator(store)).getMigrations();
  const applied = infos.filter((i) => i.executedAt).map((i) => i.name);
  const pending = infos.filter((i) => !i.executedAt).map((i) => i.name);
  let unknown: string[] = [];
  if (applied.length > 0) {
    const rows = await (store.db as unknown as Kysely<{ schema_migrations: { name: string } }>)
      .selectFrom('schema_migrations')
      .select('name')
      .execute();
    unknown = rows.map((r) => r.name).filter((n) => !(n in STEPS));
  }
  return { applied, pending, unknown };
}

/** The server refuses to serve on a schema that does not match the code. */
export async function assertSchemaCurrent(store: Store): Promise<void> {
  const status = await schemaStatus(store);
  if (status.pending.length > 0) {
    throw new RedianError('SCHEMA_BEHIND', `${status.pending.length} pending migration(s), first ${status.pending[0]}; run "redian migrate"`);
  }
  if (status.unknown.length > 0) {
    throw new RedianError('SCHEMA_AHEAD', `migration(s) ${status.unknown.join(', ')} come from a newer Redian`);
  }
}

