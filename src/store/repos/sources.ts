import type { Kysely } from 'kysely';
import type { DB, NewSource, Source } from '../schema.js';

export class SourceRepo {
  constructor(private readonly db: Kysely<DB>) {}

  /** Inserts the source, or updates the one with the same slug; returns the stored row. */
  async upsert(source: NewSource): Promise<Source> {
    const { slug, created_at: _created, ...changes } = source;
    return this.db
      .insertInto('sources')
      .values(source)
      .onConflict((oc) => oc.column('slug').doUpdateSet(changes))
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  bySlug(slug: string): Promise<Source | undefined> {
    return this.db.selectFrom('sources').selectAll().where('slug', '=', slug).executeTakeFirst();
  }

  list(): Promise<Source[]> {
    return this.db.selectFrom('sources').selectAll().orderBy('name').execute();
  }

  /** Removes demo sources; their articles go with them (ON DELETE CASCADE). */
  async deleteDemo(): Promise<number> {
    const res = await this.db.deleteFrom('sources').where('is_demo', '=', 1).executeTakeFirst();
    return Number(res.numDeletedRows);
  }
}
