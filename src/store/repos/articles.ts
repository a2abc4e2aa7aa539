import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { Article, DB, NewArticle } from '../schema.js';

/** What a list item needs: title, source, views, thumbnail. */
export interface ArticleCard {
  id: number;
  title: string;
  summary: string;
  lead_image: string | null;
  published_at: number;
  view_count: number;
  category_id: number | null;
  source_name: string;
  source_slug: string;
}

export interface ArticleWithSource extends Article {
  source_name: string;
  source_slug: string;
  source_site_url: string | null;
}

export interface ListFilter {
  categoryId?: number;
  sourceId?: number;
}

type CardQuery = SelectQueryBuilder<DB, 'articles' | 'sources', ArticleCard>;

export class ArticleRepo {
  constructor(private readonly db: Kysely<DB>) {}

  /** Stores a new article; an already stored (source, guid) is left alone and gives undefined. */
  async insertIfNew(article: NewArticle): Promise<number | undefined> {
    const row = await this.db
      .insertInto('articles')
      .values(article)
      .onConflict((oc) => oc.columns(['source_id', 'guid']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return row?.id;
  }

  byId(id: number): Promise<ArticleWithSource | undefined> {
    return this.db
      .selectFrom('articles')
      .innerJoin('sources', 'sources.id', 'articles.source_id')
      .selectAll('articles')
      .select(['sources.name as source_name', 'sources.slug as source_slug', 'sources.site_url as source_site_url'])
      .where('articles.id', '=', id)
      .executeTakeFirst();
  }

  /** Published articles, newest first. */
  latest(filter: ListFilter, limit: number, offset = 0): Promise<ArticleCard[]> {
    return this.filtered(this.cards(), filter)
      .orderBy('articles.published_at', 'desc')
      .orderBy('articles.id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute();
  }

  async count(filter: ListFilter): Promise<number> {
    const q = this.db.selectFrom('articles').where('articles.status', '=', 'published');
    const row = await this.filtered(q, filter)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Most-read published articles, optionally in one category and without some ids. */
  mostRead(filter: ListFilter & { excludeIds?: number[] }, limit: number): Promise<ArticleCard[]> {
    let q = this.filtered(this.cards(), filter);
    if (filter.excludeIds?.length) q = q.where('articles.id', 'not in', filter.excludeIds);
    return q.orderBy('articles.view_count', 'desc').orderBy('articles.published_at', 'desc').limit(limit).execute();
  }

  /** Editors' picks, newest first. */
  featured(excludeIds: number[], limit: number): Promise<ArticleCard[]> {
    let q = this.cards().where('articles.featured', '=', 1);
    if (excludeIds.length) q = q.where('articles.id', 'not in', excludeIds);
    return q.orderBy('articles.published_at', 'desc').limit(limit).execute();
  }

  /** Adds one read and returns the new total. */
  async addView(id: number): Promise<number | undefined> {
    const row = await this.db
      .updateTable('articles')
      .set((eb) => ({ view_count: eb('view_count', '+', 1) }))
      .where('id', '=', id)
      .returning('view_count')
      .executeTakeFirst();
    return row?.view_count;
  }

  async setFeatured(ids: number[], featured: boolean): Promise<void> {
    if (ids.length === 0) return;
    await this.db.updateTable('articles').set({ featured: featured ? 1 : 0 }).where('id', 'in', ids).execute();
  }

  async setViewCount(id: number, views: number): Promise<void> {
    await this.db.updateTable('articles').set({ view_count: views }).where('id', '=', id).execute();
  }

  private cards(): CardQuery {
    return this.db
      .selectFrom('articles')
      .innerJoin('sources', 'sources.id', 'articles.source_id')
      .select([
        'articles.id',
        'articles.title',
        'articles.summary',
        'articles.lead_image',
        'articles.published_at',
        'articles.view_count',
        'articles.category_id',
        'sources.name as source_name',
        'sources.slug as source_slug',
      ])
      .where('articles.status', '=', 'published');
  }

  private filtered<Q extends SelectQueryBuilder<DB, 'articles' | any, any>>(q: Q, filter: ListFilter): Q {
    let out = q;
    if (filter.categoryId !== undefined) out = out.where('articles.category_id', '=', filter.categoryId) as Q;
    if (filter.sourceId !== undefined) out = out.where('articles.source_id', '=', filter.sourceId) as Q;
    return out;
  }
}
