import type { Kysely } from 'kysely';
import type { DialectName } from '../db.js';

/** Automatic categories: sources set to auto are classified by text. */
// Migrations see the schema as it was then, not today's DB type.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  void db;
  void dialect;
}
