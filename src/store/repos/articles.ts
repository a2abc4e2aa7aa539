import { type ExpressionBuilder, type Kysely, type SelectQueryBuilder, sql } from 'kysely';
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
  story_id: number | null;
  source_name: string;
  source_slug: string;
}

export interface ArticleWithSource extends Article {
  view_count: number;
  source_name: string;
  source_slug: string;
  source_site_url: string | null;
}

export interface ArticleText {
  id: number;
  title: string;
  content_text: string;
  published_at: number;
}

export interface ListFilter {
  categoryId?: number;
  sourceId?: number;
  /** Only the earliest published article of each story: a reprint does not show twice in a feed. */
  onePerStory?: boolean;
}

/** Parameters per multi-row insert: far below SQLite's 32,766 and PostgreSQL's 65,535. */
const INSERT_PARAMETERS = 2000;
const STATS_BATCH = INSERT_PARAMETERS / 2;

const articleKey = (sourceId: number, guid: string) => `${sourceId}\n${guid}`;

/**
 * Consecutive articles with the same columns, at most INSERT_PARAMETERS values a chunk. A
 * multi-row insert needs one column list, and a column one row leaves out (status, say)
 * must take the table's default, not the null SQLite's VALUES would put there.
 */
function* sameColumnChunks(articles: NewArticle[]): Generator<NewArticle[]> {
  let chunk: NewArticle[] = [];
  let columns = '';
  let limit = 0;
  for (const a of articles) {
    // Kysely leaves out undefined values, so they count as absent.
    const defined = Object.entries(a).filter(([, v]) => v !== undefined);
    const keys = defined.map(([k]) => k).join(',');
    if (chunk.length > 0 && (keys !== columns || chunk.length >= limit)) {
      yield chunk;
      chunk = [];
    }
    if (chunk.length === 0) {
      columns = keys;
      limit = Math.max(1, Math.floor(INSERT_PARAMETERS / defined.length));
    }
    chunk.push(a);
  }
  if (chunk.length > 0) yield chunk;
}

type CardQuery = SelectQueryBuilder<DB, 'articles' | 'sources' | 'article_stats', ArticleCard>;

export class ArticleRepo {
  constructor(private readonly db: Kysely<DB>) {}

  /** Stores a new article with its stats row; an already stored (source, guid) is left alone and gives undefined. */
  async insertIfNew(article: NewArticle): Promise<number | undefined> {
    return (await this.insertManyIfNew([article]))[0];
  }

  /**
   * insertIfNew for a feed's worth of articles in one transaction (on SQLite a commit per
   * article cost three times the insert itself), a few multi-row statements rather than two
   * per article (building each statement cost more than running it). RETURNING gives the
   * inserted rows only, in no promised order: ids are matched back by (source, guid); of
   * two articles with the same guid in one call, the first is stored, as one by one.
   */
  async insertManyIfNew(articles: NewArticle[]): Promise<Array<number | undefined>> {
    if (articles.length === 0) return [];
    return this.db.transaction().execute(async (trx) => {
      const inserted = new Map<string, number>();
      for (const chunk of sameColumnChunks(articles)) {
        const rows = await trx
          .insertInto('articles')
          .values(chunk)
          .onConflict((oc) => oc.columns(['source_id', 'guid']).doNothing())
          .returning(['id', 'source_id', 'guid'])
          .execute();
        for (const r of rows) inserted.set(articleKey(r.source_id, r.guid), r.id);
        for (let i = 0; i < rows.length; i += STATS_BATCH) {
          await trx
            .insertInto('article_stats')
            .values(rows.slice(i, i + STATS_BATCH).map((r) => ({ article_id: r.id, view_count: 0 })))
            .execute();
        }
      }
      return articles.map((a) => {
        const key = articleKey(a.source_id, a.guid);
        const id = inserted.get(key);
        // Handed out once: a later article with the same guid was a conflict.
        inserted.delete(key);
        return id;
      });
    });
  }

  /** Which of these URLs a source already has an article for. */
  async existingUrls(sourceId: number, urls: string[]): Promise<Set<string>> {
    if (urls.length === 0) return new Set();
    const rows = await this.db.selectFrom('articles').select('url').where('source_id', '=', sourceId).where('url', 'in', urls).execute();
    return new Set(rows.map((r) => r.url));
  }

  byId(id: number): Promise<ArticleWithSource | undefined> {
    return this.db
      .selectFrom('articles')
      .innerJoin('sources', 'sources.id', 'articles.source_id')
      .innerJoin('article_stats', 'article_stats.article_id', 'articles.id')
      .selectAll('articles')
      .select([
        'article_stats.view_count',
        'sources.name as source_name',
        'sources.slug as source_slug',
        'sources.site_url as source_site_url',
      ])
      .where('articles.id', '=', id)
      .executeTakeFirst();
  }

  /** Published articles, newest first. */
  latest(filter: ListFilter, limit: number, offset = 0): Promise<ArticleCard[]> {
    return this.cards()
      .where(matches(filter))
      .orderBy('articles.published_at', 'desc')
      .orderBy('articles.id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute();
  }

  async count(filter: ListFilter): Promise<number> {
    const row = await this.db
      .selectFrom('articles')
      .where('articles.status', '=', 'published')
      .where(matches(filter))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** The published articles of a story, the original (earliest) first. */
  inStory(storyId: number): Promise<ArticleCard[]> {
    return this.cards().where('articles.story_id', '=', storyId).orderBy('articles.published_at').orderBy('articles.id').execute();
  }

  /** Editors' picks, newest first. */
  featured(limit: number): Promise<ArticleCard[]> {
    return this.cards().where('articles.featured', '=', 1).orderBy('articles.published_at', 'desc').limit(limit).execute();
  }

  async viewCount(id: number): Promise<number | undefined> {
    const row = await this.db.selectFrom('article_stats').select('view_count').where('article_id', '=', id).executeTakeFirst();
    return row?.view_count;
  }

  /**
   * Articles' text in publication order, a page at a time after the given position
   * (keyset pagination: every page is an index seek, however deep).
   */
  textPage(after: { publishedAt: number; id: number } | undefined, limit: number): Promise<ArticleText[]> {
    let query = this.db.selectFrom('articles').select(['id', 'title', 'content_text', 'published_at']);
    if (after) {
      query = query.where((eb) =>
        eb.or([eb('published_at', '>', after.publishedAt), eb.and([eb('published_at', '=', after.publishedAt), eb('id', '>', after.id)])]),
      );
    }
    return query.orderBy('published_at').orderBy('id').limit(limit).execute();
  }

  /** Every stored article, whatever its status. */
  async countAll(): Promise<number> {
    const row = await this.db.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Published articles carrying this keyword (article_keywords), newest first: the /t/:tag list. */
  tagged(term: string, limit: number, offset = 0): Promise<ArticleCard[]> {
    return this.cards()
      .innerJoin('article_keywords', 'article_keywords.article_id', 'articles.id')
      .where('article_keywords.term', '=', term)
      .orderBy('articles.published_at', 'desc')
      .orderBy('articles.id', 'desc')
      .limit(limit)
      .offset(offset)
      .execute();
  }

  async countTagged(term: string): Promise<number> {
    const row = await this.db
      .selectFrom('article_keywords')
      .innerJoin('articles', 'articles.id', 'article_keywords.article_id')
      .where('article_keywords.term', '=', term)
      .where('articles.status', '=', 'published')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Cards of these published articles (any order) with the first `textChars` of their text, for search snippets. */
  cardsWithText(ids: number[], textChars: number): Promise<Array<ArticleCard & { text: string }>> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.cards()
      .select(sql<string>`substr(articles.content_text, 1, ${sql.lit(textChars)})`.as('text'))
      .where('articles.id', 'in', ids)
      .execute();
  }

  async setFeatured(ids: number[], featured: boolean): Promise<void> {
    if (ids.length === 0) return;
    await this.db.updateTable('articles').set({ featured: featured ? 1 : 0 }).where('id', 'in', ids).execute();
  }

  async setViewCount(id: number, views: number): Promise<void> {
    await this.db.updateTable('article_stats').set({ view_count: views }).where('article_id', '=', id).execute();
  }

  private cards(): CardQuery {
    return publishedCards(this.db);
  }
}

/** List cards of published articles, to be filtered and ordered; shared by the repositories that list articles. */
export function publishedCards(db: Kysely<DB>): CardQuery {
  return db
    .selectFrom('articles')
    .innerJoin('sources', 'sources.id', 'articles.source_id')
    .innerJoin('article_stats', 'article_stats.article_id', 'articles.id')
    .select([
      'articles.id',
      'articles.title',
      'articles.summary',
      'articles.lead_image',
      'articles.published_at',
      'article_stats.view_count',
      'articles.category_id',
      'articles.story_id',
      'sources.name as source_name',
      'sources.slug as source_slug',
    ])
    .where('articles.status', '=', 'published');
}

/** The category and source conditions of a list, as one WHERE expression. */
function matches(filter: ListFilter) {
  return (eb: ExpressionBuilder<DB, 'articles'>) => {
    const conditions = [];
    if (filter.categoryId !== undefined) conditions.push(eb('articles.category_id', '=', filter.categoryId));
    if (filter.sourceId !== undefined) conditions.push(eb('articles.source_id', '=', filter.sourceId));
    if (filter.onePerStory) {
      // The earliest published member stands for the story, so hiding or taking down the
      // original lets the next reprint take its place rather than dropping the story.
      conditions.push(
        eb.or([
          eb('articles.story_id', 'is', null),
          eb.not(
            eb.exists(
              eb
                .selectFrom('articles as earlier')
                .select(sql<number>`1`.as('one'))
                .whereRef('earlier.story_id', '=', 'articles.story_id')
                .where('earlier.status', '=', 'published')
                .where((e) =>
                  e.or([
                    e('earlier.published_at', '<', e.ref('articles.published_at')),
                    e.and([e('earlier.published_at', '=', e.ref('articles.published_at')), e('earlier.id', '<', e.ref('articles.id'))]),
                  ]),
                ),
            ),
          ),
        ]),
      );
    }
    return eb.and(conditions);
  };
}
