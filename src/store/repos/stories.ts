import { type Kysely, sql } from 'kysely';
import type { DB, Story } from '../schema.js';

const BATCH = 500;

/** What story assignment needs of an article. */
export interface StoryMember {
  id: number;
  title: string;
  published_at: number;
  story_id: number | null;
}

export class StoryRepo {
  constructor(private readonly db: Kysely<DB>) {}

  async members(ids: number[]): Promise<StoryMember[]> {
    const out: StoryMember[] = [];
    for (let i = 0; i < ids.length; i += BATCH) {
      out.push(
        ...(await this.db
          .selectFrom('articles')
          .select(['id', 'title', 'published_at', 'story_id'])
          .where('id', 'in', ids.slice(i, i + BATCH))
          .execute()),
      );
    }
    return out;
  }

  /**
   * A new story for each article, with it as the original (and only member); returns
   * article id → story id. Two statements per few hundred articles: most articles are
   * no reprint, so this is the common path of every feed.
   */
  async startMany(articles: Array<{ id: number; title: string }>, now: number): Promise<Map<number, number>> {
    const result = new Map<number, number>();
    if (articles.length === 0) return result;
    await this.db.transaction().execute(async (trx) => {
      for (let i = 0; i < articles.length; i += BATCH) {
        const rows = await trx
          .insertInto('stories')
          .values(articles.slice(i, i + BATCH).map((a) => ({ title: a.title, original_article_id: a.id, article_count: 1, created_at: now, updated_at: now })))
          .returning(['id', 'original_article_id'])
          .execute();
        for (const r of rows) result.set(r.original_article_id!, r.id);
        // PostgreSQL would type untyped VALUES parameters as text.
        const values = sql.join(rows.map((r) => sql`(cast(${r.original_article_id} as integer), cast(${r.id} as integer))`));
        await sql`
          with v(id, story_id) as (values ${values})
          update articles set story_id = v.story_id from v where articles.id = v.id`.execute(trx);
      }
    });
    return result;
  }

  /**
   * Adds an article to a story. When it was published before the story's original (feeds
   * arrive in any order), it becomes the original and lends the story its title.
   */
  async join(storyId: number, article: { id: number; title: string; published_at: number }, now: number): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('articles').set({ story_id: storyId }).where('id', '=', article.id).execute();
      const original = await trx
        .selectFrom('stories')
        .leftJoin('articles', 'articles.id', 'stories.original_article_id')
        .select(['articles.id', 'articles.published_at'])
        .where('stories.id', '=', storyId)
        .executeTakeFirst();
      const earlier =
        !original?.id || article.published_at < original.published_at! || (article.published_at === original.published_at && article.id < original.id);
      await trx
        .updateTable('stories')
        .set({
          article_count: sql`article_count + 1`,
          updated_at: now,
          ...(earlier ? { original_article_id: article.id, title: article.title } : {}),
        })
        .where('id', '=', storyId)
        .execute();
    });
  }

  byId(id: number): Promise<Story | undefined> {
    return this.db.selectFrom('stories').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Article ids of a story, earliest first. */
  async articleIds(storyId: number): Promise<number[]> {
    const rows = await this.db
      .selectFrom('articles')
      .select('id')
      .where('story_id', '=', storyId)
      .orderBy('published_at')
      .orderBy('id')
      .execute();
    return rows.map((r) => r.id);
  }

  /** Deletes stories left without articles (their articles were deleted); returns how many. */
  async deleteEmpty(): Promise<number> {
    const res = await this.db
      .deleteFrom('stories')
      .where(({ not, exists, selectFrom }) => not(exists(selectFrom('articles').select('articles.id').whereRef('articles.story_id', '=', 'stories.id'))))
      .executeTakeFirst();
    return Number(res.numDeletedRows);
  }

  /** Takes every article out of its story and deletes the stories (reindex rebuilds them). */
  async clear(): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.updateTable('articles').set({ story_id: null }).where('story_id', 'is not', null).execute();
      await trx.deleteFrom('stories').execute();
    });
  }
}
