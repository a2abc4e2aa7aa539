import type { Kysely } from 'kysely';
import type { Category, DB } from '../schema.js';

export class CategoryRepo {
  constructor(private readonly db: Kysely<DB>) {}

  list(): Promise<Category[]> {
    return this.db.selectFrom('categories').selectAll().orderBy('position').orderBy('id').execute();
  }

  bySlug(slug: string): Promise<Category | undefined> {
    return this.db.selectFrom('categories').selectAll().where('slug', '=', slug).executeTakeFirst();
  }
}
