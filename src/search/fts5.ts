import { type Kysely, sql } from 'kysely';
import type { DB } from '../store/schema.js';
import type { SearchCandidate, SearchDocument, SearchIndex } from './search-index.js';
import { indexedText } from './terms.js';

/** Rows per statement: 3 parameters each, far below SQLite's limit. */
const BATCH = 300;
/**
 * How much more a title match counts than a body match. Scored as two bm25s, title only
 * and body only, because one bm25 with column weights adds the weighted counts before its
 * saturation, which flattens a title match to at most ~2× a body mention.
 */
const TITLE_WEIGHT = 5;

/**
 * SQLite FTS5 over `search_fts` (migration 0004): a contentless table (the segmented text
 * is not kept twice; snippets are cut from the article's own text), its rowid the
 * article id. Triggers drop the entry of an article deleted or no longer published.
 */
export class Fts5SearchIndex implements SearchIndex {
  constructor(private readonly db: Kysely<DB>) {}

  async index(docs: SearchDocument[]): Promise<void> {
    if (docs.length === 0) return;
    const rows = docs.map((d) => ({ id: d.id, ...indexedText(d) }));
    await this.db.transaction().execute(async (trx) => {
      for (let i = 0; i < rows.length; i += BATCH) {
        const chunk = rows.slice(i, i + BATCH);
        // A contentless table replaces nothing on its own: the old entry goes first.
        await sql`delete from search_fts where rowid in (${sql.join(chunk.map((r) => r.id))})`.execute(trx);
        await sql`insert into search_fts(rowid, title, body) values ${sql.join(chunk.map((r) => sql`(${r.id}, ${r.title}, ${r.body})`))}`.execute(trx);
      }
    });
  }

  async remove(ids: number[]): Promise<void> {
    for (let i = 0; i < ids.length; i += BATCH) {
      await sql`delete from search_fts where rowid in (${sql.join(ids.slice(i, i + BATCH))})`.execute(this.db);
    }
  }

  async removeUnpublished(): Promise<void> {
    await sql`delete from search_fts where rowid in (select id from articles where status <> 'published')`.execute(this.db);
  }

  async clear(): Promise<void> {
    await sql`delete from search_fts`.execute(this.db);
  }

  async candidates(terms: string[], window: number): Promise<SearchCandidate[]> {
    if (terms.length === 0) return [];
    // FTS5 walks the doclists newest first and stops after `window`: bm25 is computed for
    // those rows only, and only they are joined to articles.
    const { rows } = await sql<SearchCandidate>`
      select h.id as id, h.relevance as relevance, a.published_at as published_at
      from (
        select rowid as id, -(${sql.lit(TITLE_WEIGHT)} * bm25(search_fts, 1, 0) + bm25(search_fts, 0, 1)) as relevance
        from search_fts where search_fts match ${matchExpression(terms)}
        order by rowid desc limit ${window}
      ) h
      join articles a on a.id = h.id
      where a.status = 'published'`.execute(this.db);
    return rows;
  }

  async count(terms: string[]): Promise<number> {
    if (terms.length === 0) return 0;
    const { rows } = await sql<{ n: number }>`select count(*) as n from search_fts where search_fts match ${matchExpression(terms)}`.execute(this.db);
    return Number(rows[0]?.n ?? 0);
  }
}

/**
 * Every term as an FTS5 string (double quotes doubled inside), ANDed by juxtaposition:
 * nothing a reader typed can become an operator, a column filter or a prefix query.
 */
export function matchExpression(terms: string[]): string {
  return terms.map((t) => `"${t.replace(/"/g, '""')}"`).join(' ');
}
