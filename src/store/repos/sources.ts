import type { Kysely } from 'kysely';
import type { DialectName } from '../db.js';
import type { DB, NewSource, Source } from '../schema.js';

export interface SourceWithCount extends Source {
  article_count: number;
}

/** What one fetch of a source leaves behind. */
export type FetchOutcome =
  | { ok: true; at: number; nextAt: number; etag: string | null; lastModified: string | null }
  | { ok: false; at: number; nextAt: number; error: string };

export class SourceRepo {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly dialect: DialectName,
  ) {}

  /** Inserts the source, or updates the one with the same slug; returns the stored row. */
  async upsert(source: NewSource): Promise<Source> {
    const { slug: _slug, created_at: _created, ...changes } = source;
    return this.db
      .insertInto('sources')
      .values(source)
      .onConflict((oc) => oc.column('slug').doUpdateSet(changes))
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  bySlug(slug: string): Promise<Source | undefined> {
    return this.db.selectFrom('sources').selectAll().where('slug', '=', slug).executeTakeFirst();
  }

  byId(id: number): Promise<Source | undefined> {
    return this.db.selectFrom('sources').selectAll().where('id', '=', id).executeTakeFirst();
  }

  byFeedUrl(feedUrl: string): Promise<Source | undefined> {
    return this.db.selectFrom('sources').selectAll().where('feed_url', '=', feedUrl).executeTakeFirst();
  }

  /** Slugs in use that start with `prefix`, for picking a free one. */
  async slugsLike(prefix: string): Promise<Set<string>> {
    const rows = await this.db.selectFrom('sources').select('slug').where('slug', 'like', `${prefix}%`).execute();
    return new Set(rows.map((r) => r.slug));
  }

  list(): Promise<Source[]> {
    return this.db.selectFrom('sources').selectAll().orderBy('name').execute();
  }

  /** Every source with how many articles it has stored, for editors. */
  async listWithCounts(): Promise<SourceWithCount[]> {
    const rows = await this.db
      .selectFrom('sources')
      .leftJoin('articles', 'articles.source_id', 'sources.id')
      .selectAll('sources')
      .select((eb) => eb.fn.count<number>('articles.id').as('article_count'))
      .groupBy('sources.id')
      .orderBy('sources.name')
      .execute();
    return rows.map((r) => ({ ...r, article_count: Number(r.article_count) }));
  }

  async setEnabled(id: number, enabled: boolean): Promise<void> {
    await this.db.updateTable('sources').set({ enabled: enabled ? 1 : 0 }).where('id', '=', id).execute();
  }

  async setRequiresReview(id: number, requiresReview: boolean): Promise<void> {
    await this.db.updateTable('sources').set({ requires_review: requiresReview ? 1 : 0 }).where('id', '=', id).execute();
  }

  /**
   * Leases up to `limit` enabled sources that are due and not leased by a live worker, so
   * each is fetched by one worker at a time, also with several processes. PostgreSQL
   * skips rows another transaction is claiming; SQLite has one writer, so the UPDATE
   * alone is atomic.
   */
  async claimDue(owner: string, now: number, leaseMs: number, limit: number, onlyIds?: number[]): Promise<Source[]> {
    return this.db
      .updateTable('sources')
      .set({ lease_owner: owner, lease_until: now + leaseMs })
      .where('id', 'in', (eb) => {
        const due = eb
          .selectFrom('sources')
          .select('id')
          .where('enabled', '=', 1)
          .where('feed_url', 'is not', null)
          .where('next_fetch_at', '<=', now)
          .where((w) => w.or([w('lease_until', 'is', null), w('lease_until', '<', now)]))
          .$if(onlyIds !== undefined, (q) => q.where('id', 'in', onlyIds!.length ? onlyIds! : [-1]))
          .orderBy('next_fetch_at')
          .limit(limit);
        return this.dialect === 'postgres' ? due.forUpdate().skipLocked() : due;
      })
      .returningAll()
      .execute();
  }

  /** Makes sources due now (all enabled ones, or these), for a fetch on demand. */
  async makeDue(now: number, ids?: number[]): Promise<void> {
    let q = this.db.updateTable('sources').set({ next_fetch_at: now }).where('enabled', '=', 1);
    if (ids) q = q.where('id', 'in', ids.length ? ids : [-1]);
    await q.execute();
  }

  /** Stores a fetch's result and releases the lease. */
  async recordFetch(id: number, outcome: FetchOutcome): Promise<void> {
    const common = { last_fetched_at: outcome.at, next_fetch_at: outcome.nextAt, lease_owner: null, lease_until: null };
    const update = outcome.ok
      ? this.db.updateTable('sources').set({
          ...common,
          last_success_at: outcome.at,
          last_error: null,
          error_count: 0,
          etag: outcome.etag,
          last_modified: outcome.lastModified,
        })
      : this.db.updateTable('sources').set((eb) => ({ ...common, last_error: outcome.error, error_count: eb('error_count', '+', 1) }));
    await update.where('id', '=', id).execute();
  }

  /** Removes demo sources; their articles go with them (ON DELETE CASCADE). */
  async deleteDemo(): Promise<number> {
    const res = await this.db.deleteFrom('sources').where('is_demo', '=', 1).executeTakeFirst();
    return Number(res.numDeletedRows);
  }
}
