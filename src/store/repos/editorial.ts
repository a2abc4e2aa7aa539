import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
import type { Article, ArticleStatus, Category, DB, Source } from '../schema.js';

/** The console's article search. */
export interface ArticleQuery {
  /** Part of the title. */
  q?: string;
  status?: ArticleStatus;
  sourceId?: number;
  /** A category id, or 0 for articles without one. */
  categoryId?: number;
}

export interface ArticleRow {
  id: number;
  title: string;
  url: string;
  status: ArticleStatus;
  featured: number;
  published_at: number;
  created_at: number;
  source_id: number;
  source_name: string;
  category_id: number | null;
  view_count: number;
}

export interface CategoryWithCounts extends Category {
  article_count: number;
  source_count: number;
}

export type ArticleEdit = Partial<Pick<Article, 'status' | 'featured' | 'category_id' | 'title'>>;
export type SourceEdit = Partial<
  Pick<Source, 'name' | 'category_id' | 'policy' | 'fetch_interval_minutes' | 'content_selector' | 'respect_robots' | 'requires_review'>
>;

/** LIKE pattern matching `text` anywhere, with LIKE's own wildcards taken literally. */
function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

/** What editors change: articles, categories and sources, as the console sees them. */
export class EditorialRepo {
  constructor(private readonly db: Kysely<DB>) {}

  searchArticles(query: ArticleQuery, limit: number, offset: number): Promise<ArticleRow[]> {
    return this.db
      .selectFrom('articles')
      .innerJoin('sources', 'sources.id', 'articles.source_id')
      .leftJoin('article_stats', 'article_stats.article_id', 'articles.id')
      .where(articleMatches(query))
      .select([
        'articles.id',
        'articles.title',
        'articles.url',
        'articles.status',
        'articles.featured',
        'articles.published_at',
        'articles.created_at',
        'articles.source_id',
        'sources.name as source_name',
        'articles.category_id',
        (eb) => eb.fn.coalesce('article_stats.view_count', sql<number>`0`).as('view_count'),
      ])
      .orderBy('articles.created_at', 'desc')
      .orderBy('articles.id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute();
  }

  async countArticles(query: ArticleQuery): Promise<number> {
    const row = await this.db
      .selectFrom('articles')
      .where(articleMatches(query))
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  article(id: number): Promise<Article | undefined> {
    return this.db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async updateArticle(id: number, edit: ArticleEdit): Promise<void> {
    await this.db.updateTable('articles').set(edit).where('id', '=', id).execute();
  }

  /** Its stats, keywords, fingerprint and view hours go with it (ON DELETE CASCADE). */
  async deleteArticle(id: number): Promise<void> {
    await this.db.deleteFrom('articles').where('id', '=', id).execute();
  }

  async categoriesWithCounts(): Promise<CategoryWithCounts[]> {
    const rows = await this.db
      .selectFrom('categories')
      .select([
        'categories.id',
        'categories.slug',
        'categories.name',
        'categories.position',
        (eb) => eb.selectFrom('articles').whereRef('articles.category_id', '=', 'categories.id').select(eb.fn.countAll().as('n')).as('article_count'),
        (eb) => eb.selectFrom('sources').whereRef('sources.category_id', '=', 'categories.id').select(eb.fn.countAll().as('n')).as('source_count'),
      ])
      .orderBy('categories.position')
      .orderBy('categories.id')
      .execute();
    return rows.map((r) => ({ ...r, article_count: Number(r.article_count), source_count: Number(r.source_count) }));
  }

  /** Names for the console's filters: no counts, so no scan of the articles. */
  categoryNames(): Promise<Category[]> {
    return this.db.selectFrom('categories').selectAll().orderBy('position').orderBy('id').execute();
  }

  sourceNames(): Promise<Array<{ id: number; name: string }>> {
    return this.db.selectFrom('sources').select(['id', 'name']).orderBy('name').execute();
  }

  category(id: number): Promise<Category | undefined> {
    return this.db.selectFrom('categories').selectAll().where('id', '=', id).executeTakeFirst();
  }

  categoryBySlug(slug: string): Promise<Category | undefined> {
    return this.db.selectFrom('categories').selectAll().where('slug', '=', slug).executeTakeFirst();
  }

  insertCategory(category: { slug: string; name: string; position: number }): Promise<Category> {
    return this.db.insertInto('categories').values(category).returningAll().executeTakeFirstOrThrow();
  }

  async updateCategory(id: number, changes: Partial<Pick<Category, 'name' | 'position'>>): Promise<void> {
    await this.db.updateTable('categories').set(changes).where('id', '=', id).execute();
  }

  /** Numbers the categories 1, 2, 3… in this order, in one transaction. */
  async setCategoryOrder(ids: number[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (const [i, id] of ids.entries()) await trx.updateTable('categories').set({ position: i + 1 }).where('id', '=', id).execute();
    });
  }

  async deleteCategory(id: number): Promise<void> {
    await this.db.deleteFrom('categories').where('id', '=', id).execute();
  }

  async updateSource(id: number, edit: SourceEdit): Promise<void> {
    await this.db.updateTable('sources').set(edit).where('id', '=', id).execute();
  }
}

function articleMatches(query: ArticleQuery) {
  return (eb: ExpressionBuilder<DB, 'articles'>) => {
    const conditions = [];
    if (query.q) conditions.push(sql<boolean>`${eb.ref('articles.title')} like ${containing(query.q)} escape '\\'`);
    if (query.status) conditions.push(eb('articles.status', '=', query.status));
    if (query.sourceId !== undefined) conditions.push(eb('articles.source_id', '=', query.sourceId));
    if (query.categoryId === 0) conditions.push(eb('articles.category_id', 'is', null));
    else if (query.categoryId !== undefined) conditions.push(eb('articles.category_id', '=', query.categoryId));
    return eb.and(conditions);
  };
}
