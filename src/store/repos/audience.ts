import { type Kysely, sql } from 'kysely';
import type { DB } from '../schema.js';

/**
 * Counted reads waiting to be stored. Each read adds one to its article's total, one to
 * its article's hour, and moves (or creates) the reader's history row.
 */
export interface ViewBatch {
  /** [article id, reads] */
  views: Array<[number, number]>;
  /** [article id, hour = floor(epoch ms / 3,600,000), reads] */
  hours: Array<[number, number, number]>;
  /** [visitor id, article id, read at (epoch ms)] */
  reads: Array<[string, number, number]>;
}

export interface HistoryEntry {
  article_id: number;
  title: string;
  source_name: string;
  read_at: number;
}

// Rows per statement: at most 3 parameters each, well under SQLite's and PostgreSQL's limits.
const CHUNK = 500;
// Flush ids are kept this long: a batch left in Redis longer than this could be counted twice.
const FLUSH_ID_RETENTION_MS = 7 * 24 * 3600_000;

/** Writes of reading: read totals, hourly counts, reading history, and which batches are stored. */
export class AudienceRepo {
  private lastPurge = 0;

  constructor(private readonly db: Kysely<DB>) {}

  /**
   * Stores a batch in one transaction. With a flush id, a batch already stored under that id
   * is not stored again and false is returned: a flusher that died after committing but
   * before it could say so leaves a batch that the next one must not count twice.
   * Reads of articles deleted meanwhile are dropped rather than failing the batch.
   */
  async applyViews(batch: ViewBatch, flushId?: string, now = Date.now()): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      if (flushId !== undefined) {
        const res = await trx
          .insertInto('view_flushes')
          .values({ flush_id: flushId, applied_at: now })
          .onConflict((oc) => oc.column('flush_id').doNothing())
          .executeTakeFirst();
        if (Number(res.numInsertedOrUpdatedRows ?? 0) === 0) return false;
        if (now - this.lastPurge > 3600_000) {
          this.lastPurge = now;
          await trx.deleteFrom('view_flushes').where('applied_at', '<', now - FLUSH_ID_RETENTION_MS).execute();
        }
      }
      // PostgreSQL would type untyped VALUES parameters as text, hence the casts.
      for (let i = 0; i < batch.views.length; i += CHUNK) {
        const values = sql.join(batch.views.slice(i, i + CHUNK).map(([id, n]) => sql`(cast(${id} as integer), cast(${n} as integer))`));
        // A join, so each row is found by its key (a correlated subquery scans the list per row).
        await sql`
          with v(id, n) as (values ${values})
          update article_stats set view_count = article_stats.view_count + v.n
          from v where article_stats.article_id = v.id`.execute(trx);
      }
      for (let i = 0; i < batch.hours.length; i += CHUNK) {
        const values = sql.join(
          batch.hours.slice(i, i + CHUNK).map(([id, hour, n]) => sql`(cast(${id} as integer), cast(${hour} as integer), cast(${n} as integer))`),
        );
        // `where true` lets SQLite tell the upsert's ON CONFLICT from a join's ON.
        await sql`
          with v(id, hour, n) as (values ${values})
          insert into article_view_hours (article_id, hour, views)
          select v.id, v.hour, v.n from v join articles on articles.id = v.id where true
          on conflict (article_id, hour) do update set views = article_view_hours.views + excluded.views`.execute(trx);
      }
      for (let i = 0; i < batch.reads.length; i += CHUNK) {
        const values = sql.join(
          batch.reads.slice(i, i + CHUNK).map(([visitor, id, at]) => sql`(cast(${visitor} as varchar(64)), cast(${id} as integer), cast(${at} as bigint))`),
        );
        // Batches from several nodes may arrive out of order: read_at only moves forward.
        await sql`
          with v(visitor, id, at) as (values ${values})
          insert into visitor_reads (visitor_id, article_id, read_at)
          select v.visitor, v.id, v.at from v join articles on articles.id = v.id where true
          on conflict (visitor_id, article_id) do update set read_at =
            case when excluded.read_at > visitor_reads.read_at then excluded.read_at else visitor_reads.read_at end`.execute(trx);
      }
      return true;
    });
  }

  /** Deletes a visitor's reading history; returns how many reads it held. */
  async clearReads(visitorId: string): Promise<number> {
    const res = await this.db.deleteFrom('visitor_reads').where('visitor_id', '=', visitorId).executeTakeFirst();
    return Number(res.numDeletedRows);
  }

  /** A visitor's latest reads of published articles, newest first. */
  history(visitorId: string, limit: number): Promise<HistoryEntry[]> {
    return this.db
      .selectFrom('visitor_reads')
      .innerJoin('articles', 'articles.id', 'visitor_reads.article_id')
      .innerJoin('sources', 'sources.id', 'articles.source_id')
      .select(['visitor_reads.article_id', 'articles.title', 'sources.name as source_name', 'visitor_reads.read_at'])
      .where('visitor_reads.visitor_id', '=', visitorId)
      .where('articles.status', '=', 'published')
      .orderBy('visitor_reads.read_at', 'desc')
      .orderBy('visitor_reads.article_id', 'desc')
      .limit(limit)
      .execute()
      .then((rows) => rows.map((r) => ({ ...r, read_at: Number(r.read_at) })));
  }

  /** Whether a batch was stored under this id. */
  async wasApplied(flushId: string): Promise<boolean> {
    const row = await this.db.selectFrom('view_flushes').select('flush_id').where('flush_id', '=', flushId).executeTakeFirst();
    return row !== undefined;
  }
}
