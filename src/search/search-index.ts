import type { Kysely } from 'kysely';
import type { DialectName } from '../store/db.js';
import type { DB } from '../store/schema.js';
import { Fts5SearchIndex } from './fts5.js';
import { PostgresSearchIndex } from './postgres.js';

/** An article as the index takes it: its title and body terms, in order (see terms.ts: searchDocument). */
export interface SearchDocument {
  id: number;
  titleTerms: string[];
  bodyTerms: string[];
}

/** A published article matching every term, with its text relevance (larger is better). */
export interface SearchCandidate {
  id: number;
  relevance: number;
  published_at: number;
}

/**
 * Full-text search over articles, one implementation per database: SQLite FTS5 and
 * PostgreSQL text search, both over jieba-segmented text (see terms.ts). Ranking by
 * relevance and recency, snippets and pages are shared (search.ts), so both behave alike.
 */
export interface SearchIndex {
  /** Adds or replaces the articles' entries. */
  index(docs: SearchDocument[]): Promise<void>;
  remove(ids: number[]): Promise<void>;
  /** Drops entries of articles that are not published (reindex runs it after a rebuild). */
  removeUnpublished(): Promise<void>;
  /** Empties the index (reindex rebuilds it). */
  clear(): Promise<void>;
  /**
   * Published articles matching every term: the `window` newest matches (by article id,
   * which follows arrival), each with its text relevance, title matches weighing more.
   */
  candidates(terms: string[], window: number): Promise<SearchCandidate[]>;
  /** How many index entries match every term (may briefly count an article just hidden). */
  count(terms: string[]): Promise<number>;
}

export function createSearchIndex({ db, dialect }: { db: Kysely<DB>; dialect: DialectName }): SearchIndex {
  return dialect === 'postgres' ? new PostgresSearchIndex(db) : new Fts5SearchIndex(db);
}
