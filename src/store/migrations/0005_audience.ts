import type { Kysely } from 'kysely';
import type { DialectName } from '../db.js';
import { columns } from './columns.js';

/**
 * What readers do: each visitor's reading history (the input of 猜你喜欢, co-reading and
 * the interest profile) and per-article read counts by hour (charts, hot scores, trends).
 */
// Migrations see the schema as it was then, not today's DB type.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const { big } = columns(dialect);

  // One row per visitor and article read: a re-read moves read_at, it adds no row.
  await db.schema
    .createTable('visitor_reads')
    .addColumn('visitor_id', 'varchar(64)', (c) => c.notNull())
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('read_at', big, (c) => c.notNull())
    .addPrimaryKeyConstraint('visitor_reads_pk', ['visitor_id', 'article_id'])
    .execute();
  // A visitor's history, newest first.
  await db.schema.createIndex('visitor_reads_visitor_time').on('visitor_reads').columns(['visitor_id', 'read_at']).execute();
  // Who else read an article lately (读过此文的人也在读).
  await db.schema.createIndex('visitor_reads_article_time').on('visitor_reads').columns(['article_id', 'read_at']).execute();

  // Counted reads per article per hour (hour = floor(epoch ms / 3,600,000)). Hourly rather
  // than daily: read velocity for hot scores needs hours; daily charts sum 24 rows.
  await db.schema
    .createTable('article_view_hours')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('hour', 'integer', (c) => c.notNull())
    .addColumn('views', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('article_view_hours_pk', ['article_id', 'hour'])
    .execute();
  await db.schema.createIndex('article_view_hours_hour').on('article_view_hours').column('hour').execute();

  // Batches of counted reads already stored, by flush id: with Redis, a flusher that died
  // after its commit leaves its batch behind, and the next flusher must not count it twice.
  await db.schema
    .createTable('view_flushes')
    .addColumn('flush_id', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('applied_at', big, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('view_flushes_applied_at').on('view_flushes').column('applied_at').execute();
}
