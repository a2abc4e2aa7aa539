import type { Kysely } from 'kysely';
import type { DialectName } from '../db.js';
import { columns } from './columns.js';

/**
 * What the enrich step keeps per article (keywords, fingerprints) and for the corpus
 * (document frequencies), so keywords are TF-IDF against our own articles and a reprint
 * finds its original.
 */
// Migrations see the schema as it was then, not today's DB type.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const { big } = columns(dialect);

  // In how many stored articles each term occurs; updated as articles are stored.
  await db.schema
    .createTable('term_df')
    .addColumn('term', 'text', (c) => c.primaryKey())
    .addColumn('df', 'integer', (c) => c.notNull())
    .execute();
  // Corpus-wide counters; 'documents' is the N of the IDF.
  await db.schema
    .createTable('text_counters')
    .addColumn('name', 'varchar(32)', (c) => c.primaryKey())
    .addColumn('value', big, (c) => c.notNull())
    .execute();
  await db.insertInto('text_counters').values({ name: 'documents', value: 0 }).execute();

  await db.schema
    .createTable('article_keywords')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('term', 'text', (c) => c.notNull())
    .addColumn('weight', 'double precision', (c) => c.notNull())
    .addPrimaryKeyConstraint('article_keywords_pk', ['article_id', 'term'])
    .execute();
  // Articles sharing a keyword (related reading, trending terms).
  await db.schema.createIndex('article_keywords_term').on('article_keywords').column('term').execute();

  // One row per article: its 64-bit SimHash as 16 hex digits (exact on both databases,
  // where PostgreSQL BIGINT would come back as a lossy JS number), the same hash cut into
  // four 16-bit bands, and the sha256 of its normalized text. Bands as columns of this row
  // rather than a (band, value, article_id) table: one row written per article instead of
  // four, a probe returns the simhash to check without a join, and a deleted article takes
  // its bands along through the primary key without a second index.
  await db.schema
    .createTable('article_fingerprints')
    .addColumn('article_id', 'integer', (c) => c.primaryKey().references('articles.id').onDelete('cascade'))
    .addColumn('simhash', 'char(16)', (c) => c.notNull())
    .addColumn('band0', 'integer', (c) => c.notNull())
    .addColumn('band1', 'integer', (c) => c.notNull())
    .addColumn('band2', 'integer', (c) => c.notNull())
    .addColumn('band3', 'integer', (c) => c.notNull())
    .addColumn('content_hash', 'char(64)', (c) => c.notNull())
    .execute();
  for (const band of ['band0', 'band1', 'band2', 'band3']) {
    await db.schema.createIndex(`article_fingerprints_${band}`).on('article_fingerprints').column(band).execute();
  }
  await db.schema.createIndex('article_fingerprints_content').on('article_fingerprints').column('content_hash').execute();
  // Finding a story's original and members.
  await db.schema.createIndex('stories_original').on('stories').column('original_article_id').execute();
}
