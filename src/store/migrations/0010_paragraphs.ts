import { type Kysely, sql } from 'kysely';
import type { DialectName } from '../db.js';

/**
 * Per-paragraph fingerprints (src/text/paragraphs.ts), so a reprint that dropped a
 * paragraph still finds its original: one row per long paragraph of an article.
 */
// Migrations see the schema as it was then, not today's DB type.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  // The hash is 16 hex digits (64 bits of sha256), text for the same reason as the SimHash
  // in 0003. `paragraphs` is the article's count of long paragraphs, repeated on each of its
  // rows: the match rule needs it for every candidate, and this way one probe returns it.
  // On SQLite WITHOUT ROWID: the rows live in the primary key's B-tree instead of a rowid
  // table beside it, a third less space and one B-tree less to write per paragraph.
  let table = db.schema
    .createTable('article_paragraphs')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('hash', 'char(16)', (c) => c.notNull())
    .addColumn('paragraphs', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('article_paragraphs_pk', ['article_id', 'hash']);
  if (dialect === 'sqlite') table = table.modifyEnd(sql`without rowid`);
  await table.execute();
  // The lookup: stored articles with any of a probe's paragraph hashes.
  await db.schema.createIndex('article_paragraphs_hash').on('article_paragraphs').column('hash').execute();
}
