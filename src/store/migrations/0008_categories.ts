import type { Kysely } from 'kysely';
import type { DialectName } from '../db.js';

/**
 * Automatic categories: a source set to auto (`redian source add --category auto`) has
 * its articles filed by the text classifier when neither the source nor the feed item
 * names a category. A flag beside category_id rather than a special category: auto is
 * how a source is filed, not a tab readers see. No new categories: the classifier's
 * labels map onto the ten default ones (src/text/classifier/categories.ts says why).
 */
// Migrations see the schema as it was then, not today's DB type.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  void dialect;
  await db.schema.alterTable('sources').addColumn('auto_category', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}
