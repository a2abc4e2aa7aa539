import type { ColumnBuilderCallback, ColumnDataType, Kysely } from 'kysely';
import type { DialectName } from '../db.js';
import { columns } from './columns.js';

/** What the fetcher and scheduler keep per source, and the URLs never to store again. */
// Migrations see the schema as it was then, not today's DB type.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const { big } = columns(dialect);
  const sourceColumns: Array<[name: string, type: ColumnDataType, build?: ColumnBuilderCallback]> = [
    ['fetch_interval_minutes', 'integer', (c) => c.notNull().defaultTo(30)],
    ['content_selector', 'text'],
    ['respect_robots', 'integer', (c) => c.notNull().defaultTo(1)],
    ['next_fetch_at', big, (c) => c.notNull().defaultTo(0)],
    ['last_fetched_at', big],
    ['last_success_at', big],
    ['last_error', 'text'],
    ['error_count', 'integer', (c) => c.notNull().defaultTo(0)],
    // Validators for conditional GET.
    ['etag', 'text'],
    ['last_modified', 'text'],
    // A lease: the worker that may fetch this source until lease_until.
    ['lease_owner', 'text'],
    ['lease_until', big],
  ];
  // One column per statement: SQLite's ALTER TABLE adds one at a time.
  for (const [name, type, build] of sourceColumns) {
    await db.schema.alterTable('sources').addColumn(name, type, build ?? ((c) => c)).execute();
  }
  await db.schema.createIndex('sources_due').on('sources').columns(['enabled', 'next_fetch_at']).execute();

  await db.schema
    .createTable('blocked_urls')
    .addColumn('url', 'text', (c) => c.primaryKey())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .execute();
}
