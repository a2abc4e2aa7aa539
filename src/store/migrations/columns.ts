import type { ColumnDefinitionBuilder, CreateTableBuilder } from 'kysely';
import type { DialectName } from '../db.js';

/**
 * The few column shapes that differ between SQLite and PostgreSQL, so each migration
 * is written once for both dialects.
 */
export function columns(dialect: DialectName) {
  const pg = dialect === 'postgres';
  return {
    id<T extends string>(table: CreateTableBuilder<T, never>) {
      return pg
        ? table.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
        : table.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
    },
    /** Epoch milliseconds and large counters. */
    big: (pg ? 'bigint' : 'integer') as 'bigint' | 'integer',
    flag: (c: ColumnDefinitionBuilder) => c.notNull().defaultTo(0),
  };
}
