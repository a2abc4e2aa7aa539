import { type Kysely, sql } from 'kysely';
import type { ArticleFingerprint, ArticleKeyword, ArticleParagraph, DB } from '../schema.js';

/** Values per IN list or multi-row insert: far below SQLite's 32,766 and PostgreSQL's 65,535 parameters. */
const BATCH = 500;

export interface FingerprintProbe {
  bands: readonly [number, number, number, number];
  contentHash: string;
}

export interface Candidate {
  article_id: number;
  simhash: string;
  content_hash: string;
}

const BAND_COLUMNS = ['band0', 'band1', 'band2', 'band3'] as const;

/** Document frequencies, keywords and fingerprints: what the enrich step keeps. */
export class TextRepo {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * Counts `documents` more articles, and each term in as many more as `termDocs` says;
   * returns the corpus as it now stands for these terms. One upsert per few hundred terms
   * (a feed of 200 articles has ~5,000 distinct terms), which also hands back the new
   * counts, so keywords need no second read.
   */
  async addDocuments(termDocs: Map<string, number>, documents: number): Promise<{ documents: number; df: Map<string, number> }> {
    // Sorted, so concurrent feeds (the scheduler runs four at once; on PostgreSQL, several
    // workers too) lock shared terms in the same order and cannot deadlock.
    // (The default sort compares code units, like `<`, and is much faster than a comparator.)
    const terms = [...termDocs.keys()].sort();
    const df = new Map<string, number>();
    return this.db.transaction().execute(async (trx) => {
      for (let i = 0; i < terms.length; i += BATCH) {
        const rows = await trx
          .insertInto('term_df')
          .values(terms.slice(i, i + BATCH).map((term) => ({ term, df: termDocs.get(term)! })))
          .onConflict((oc) => oc.column('term').doUpdateSet({ df: sql`term_df.df + excluded.df` }))
          .returning(['term', 'df'])
          .execute();
        for (const r of rows) df.set(r.term, Number(r.df));
      }
      const counter = await trx
        .updateTable('text_counters')
        .set({ value: sql`value + ${documents}` })
        .where('name', '=', 'documents')
        .returning('value')
        .executeTakeFirstOrThrow();
      return { documents: Number(counter.value), df };
    });
  }

  /** The article count and the document frequency of each of these terms (absent: 0). */
  async corpus(terms: string[]): Promise<{ documents: number; df: Map<string, number> }> {
    const df = new Map<string, number>();
    for (let i = 0; i < terms.length; i += BATCH) {
      const rows = await this.db.selectFrom('term_df').select(['term', 'df']).where('term', 'in', terms.slice(i, i + BATCH)).execute();
      for (const r of rows) df.set(r.term, Number(r.df));
    }
    const row = await this.db.selectFrom('text_counters').select('value').where('name', '=', 'documents').executeTakeFirst();
    return { documents: Number(row?.value ?? 0), df };
  }

  async insertKeywords(rows: ArticleKeyword[]): Promise<void> {
    await this.insertBatched('article_keywords', rows);
  }

  keywordsOf(articleId: number): Promise<Array<{ term: string; weight: number }>> {
    return this.db
      .selectFrom('article_keywords')
      .select(['term', 'weight'])
      .where('article_id', '=', articleId)
      .orderBy('weight', 'desc')
      .orderBy('term')
      .execute();
  }

  async insertFingerprints(rows: ArticleFingerprint[]): Promise<void> {
    await this.insertBatched('article_fingerprints', rows);
  }

  fingerprintOf(articleId: number): Promise<ArticleFingerprint | undefined> {
    return this.db.selectFrom('article_fingerprints').selectAll().where('article_id', '=', articleId).executeTakeFirst();
  }

  /**
   * Stored articles that may be the same text as one of the probes: sharing a band (two
   * hashes within 3 bits share at least one of four bands) or the content hash. The caller
   * checks the distance. One indexed branch per band, joined by UNION ALL, so each is an
   * index range scan on both databases; a batch of probes is one query per few hundred.
   */
  async candidates(probes: FingerprintProbe[]): Promise<Candidate[]> {
    const out = new Map<number, Candidate>();
    for (let i = 0; i < probes.length; i += BATCH) {
      const chunk = probes.slice(i, i + BATCH);
      let query = this.base().where('content_hash', 'in', unique(chunk.map((p) => p.contentHash)));
      BAND_COLUMNS.forEach((column, b) => {
        query = query.unionAll(this.base().where(column, 'in', unique(chunk.map((p) => p.bands[b]!))));
      });
      for (const row of await query.execute()) out.set(row.article_id, row);
    }
    return [...out.values()];
  }

  async insertParagraphs(rows: ArticleParagraph[]): Promise<void> {
    await this.insertBatched('article_paragraphs', rows);
  }

  /** Stored paragraphs with one of these hashes (index lookups on the hash, a few hundred hashes per query). */
  async paragraphHits(hashes: string[]): Promise<ArticleParagraph[]> {
    const all = unique(hashes);
    const out: ArticleParagraph[] = [];
    for (let i = 0; i < all.length; i += BATCH) {
      out.push(...(await this.db.selectFrom('article_paragraphs').select(['article_id', 'hash', 'paragraphs']).where('hash', 'in', all.slice(i, i + BATCH)).execute()));
    }
    return out;
  }

  /** Forgets every keyword, fingerprint and frequency (reindex rebuilds them). */
  async clear(): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('article_keywords').execute();
      await trx.deleteFrom('article_fingerprints').execute();
      await trx.deleteFrom('article_paragraphs').execute();
      await trx.deleteFrom('term_df').execute();
      await trx.updateTable('text_counters').set({ value: 0 }).where('name', '=', 'documents').execute();
    });
  }

  async documentCount(): Promise<number> {
    return (await this.corpus([])).documents;
  }

  private base() {
    return this.db.selectFrom('article_fingerprints').select(['article_id', 'simhash', 'content_hash']);
  }

  private async insertBatched<T extends 'article_keywords' | 'article_fingerprints' | 'article_paragraphs'>(table: T, rows: Array<DB[T]>): Promise<void> {
    if (rows.length === 0) return;
    const columns = Object.keys(rows[0]!).length;
    const size = Math.floor((BATCH * 4) / columns);
    await this.db.transaction().execute(async (trx) => {
      for (let i = 0; i < rows.length; i += size) {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        await trx.insertInto(table).values(rows.slice(i, i + size) as any).execute();
      }
    });
  }
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}
