import { type Kysely, sql } from 'kysely';
import type { DB } from '../store/schema.js';
import type { SearchCandidate, SearchDocument, SearchIndex } from './search-index.js';
import { indexedText } from './terms.js';

/** Rows per statement: 3 parameters each. */
const BATCH = 300;
/**
 * ts_rank_cd weights for D, C, B, A: the title is A, the body B. A title match counts five
 * times a body match, as on SQLite (fts5.ts).
 */
const WEIGHTS = sql`'{0, 0, 0.2, 1.0}'::float4[]`;

/**
 * PostgreSQL text search over `search_documents` (migration 0004): one tsvector per
 * article, title weighted A and body B, built with the `simple` configuration (no
 * stemming, no stopwords: the text is already segmented and filtered), GIN-indexed.
 * The foreign key drops an entry with its article; a trigger drops it when the article
 * is no longer published.
 */
export class PostgresSearchIndex implements SearchIndex {
  constructor(private readonly db: Kysely<DB>) {}

  async index(docs: SearchDocument[]): Promise<void> {
    if (docs.length === 0) return;
    const rows = docs.map((d) => ({ id: d.id, ...indexedText(d) }));
    await this.db.transaction().execute(async (trx) => {
      for (let i = 0; i < rows.length; i += BATCH) {
        const values = rows
          .slice(i, i + BATCH)
          .map((r) => sql`(cast(${r.id} as integer), setweight(to_tsvector('simple', ${r.title}), 'A') || setweight(to_tsvector('simple', ${r.body}), 'B'))`);
        await sql`
          insert into search_documents (article_id, document) values ${sql.join(values)}
          on conflict (article_id) do update set document = excluded.document`.execute(trx);
      }
    });
  }

  async remove(ids: number[]): Promise<void> {
    for (let i = 0; i < ids.length; i += BATCH) {
      await this.db.deleteFrom('search_documents').where('article_id', 'in', ids.slice(i, i + BATCH)).execute();
    }
  }

  async removeUnpublished(): Promise<void> {
    await sql`delete from search_documents s using articles a where a.id = s.article_id and a.status <> 'published'`.execute(this.db);
  }

  async clear(): Promise<void> {
    await this.db.deleteFrom('search_documents').execute();
  }

  async candidates(terms: string[], window: number): Promise<SearchCandidate[]> {
    if (terms.length === 0) return [];
    // plainto_tsquery reads its text as plain words, ANDed: no tsquery syntax gets through.
    const { rows } = await sql<SearchCandidate>`
      with q as (select plainto_tsquery('simple', ${terms.join(' ')}) as q),
      hits as (
        select s.article_id, s.document from search_documents s, q
        where s.document @@ q.q
        order by s.article_id desc limit ${window}
      )
      select hits.article_id as id, ts_rank_cd(${WEIGHTS}, hits.document, q.q) as relevance, a.published_at as published_at
      from hits cross join q join articles a on a.id = hits.article_id
      where a.status = 'published'`.execute(this.db);
    return rows.map((r) => ({ id: r.id, relevance: Number(r.relevance), published_at: Number(r.published_at) }));
  }

  async count(terms: string[]): Promise<number> {
    if (terms.length === 0) return 0;
    const { rows } = await sql<{ n: number }>`
      select count(*) as n from search_documents where document @@ plainto_tsquery('simple', ${terms.join(' ')})`.execute(this.db);
    return Number(rows[0]?.n ?? 0);
  }
}
