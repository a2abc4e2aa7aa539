import type { Kysely, Transaction } from 'kysely';
import type { ArticleStatus, DB, NewTakedownRequest, TakedownRequest, TakedownScope, TakedownStatus } from '../schema.js';

/** A notice to queue in the outbox with a decision. */
export interface QueuedMail {
  to_addr: string;
  subject: string;
  body: string;
}

/** What an accepted request takes down. */
export interface TakedownTargets {
  articleIds: number[];
  /** URLs of those articles, for the ingestion blocklist. */
  urls: string[];
  /** Sources to switch off (scope "source"). */
  sourceIds: number[];
}

export interface ArticleRef {
  id: number;
  title: string;
  url: string;
  status: ArticleStatus;
  story_id: number | null;
  source_id: number;
  source_name: string;
}

/** Takedown requests and what deciding one changes, each decision in one transaction. */
export class TakedownRepo {
  constructor(private readonly db: Kysely<DB>) {}

  /** Stores a request with its "received" notice. */
  async insert(request: NewTakedownRequest, mail: QueuedMail): Promise<TakedownRequest> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx.insertInto('takedown_requests').values(request).returningAll().executeTakeFirstOrThrow();
      await queue(trx, mail, row.id, request.created_at);
      return row;
    });
  }

  byReference(reference: string): Promise<TakedownRequest | undefined> {
    return this.db.selectFrom('takedown_requests').selectAll().where('reference', '=', reference).executeTakeFirst();
  }

  /** Pending requests first (oldest first: they have waited longest), then decided ones, newest first. */
  list(status: TakedownStatus | undefined, limit: number, offset = 0): Promise<TakedownRequest[]> {
    let q = this.db.selectFrom('takedown_requests').selectAll();
    if (status) q = q.where('status', '=', status);
    return q
      .orderBy((eb) => eb.case().when('status', '=', 'pending').then(0).else(1).end())
      .orderBy((eb) => eb.case().when('status', '=', 'pending').then(eb.ref('created_at')).else(eb.neg(eb.ref('created_at'))).end())
      .orderBy('id')
      .limit(limit)
      .offset(offset)
      .execute();
  }

  async countByStatus(): Promise<Record<TakedownStatus, number>> {
    const rows = await this.db
      .selectFrom('takedown_requests')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute();
    const out: Record<TakedownStatus, number> = { pending: 0, accepted: 0, rejected: 0 };
    for (const r of rows) out[r.status] = Number(r.n);
    return out;
  }

  /** The articles these ids name, with their story and source. */
  articles(ids: number[]): Promise<ArticleRef[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.articleRefs(this.db).where('articles.id', 'in', ids).orderBy('articles.id').execute();
  }

  /** Every article of these stories or sources (for the wider scopes). */
  related(scope: TakedownScope, articles: ArticleRef[]): Promise<ArticleRef[]> {
    const q = this.articleRefs(this.db);
    if (scope === 'story') {
      const stories = [...new Set(articles.flatMap((a) => (a.story_id === null ? [] : [a.story_id])))];
      if (stories.length === 0) return Promise.resolve(articles);
      return q
        .where((eb) => eb.or([eb('articles.story_id', 'in', stories), eb('articles.id', 'in', articles.map((a) => a.id))]))
        .orderBy('articles.id')
        .execute();
    }
    if (scope === 'source') {
      return q.where('articles.source_id', 'in', [...new Set(articles.map((a) => a.source_id))]).orderBy('articles.id').execute();
    }
    return Promise.resolve(articles);
  }

  /**
   * Accepts a pending request: its articles taken down, their URLs blocked, sources
   * disabled for scope "source", the notice queued. Undefined if it was no longer pending.
   */
  async accept(id: number, decision: { by: string; at: number; scope: TakedownScope; reason: string | null }, targets: TakedownTargets, mail: QueuedMail): Promise<TakedownRequest | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('takedown_requests')
        .set({ status: 'accepted', decided_at: decision.at, decided_by: decision.by, scope: decision.scope, decision_reason: decision.reason })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .returningAll()
        .executeTakeFirst();
      if (!row) return undefined;
      if (targets.articleIds.length) await trx.updateTable('articles').set({ status: 'taken_down', featured: 0 }).where('id', 'in', targets.articleIds).execute();
      if (targets.sourceIds.length) await trx.updateTable('sources').set({ enabled: 0 }).where('id', 'in', targets.sourceIds).execute();
      const reason = `takedown ${row.reference}`;
      const urls = [...new Set(targets.urls)];
      if (urls.length) {
        await trx
          .insertInto('blocked_urls')
          .values(urls.map((url) => ({ url, reason, created_at: decision.at })))
          .onConflict((oc) => oc.column('url').doNothing())
          .execute();
      }
      await queue(trx, mail, row.id, decision.at);
      return row;
    });
  }

  /** Rejects a pending request with its reason and queues the notice; undefined if it was no longer pending. */
  async reject(id: number, decision: { by: string; at: number; reason: string }, mail: QueuedMail): Promise<TakedownRequest | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('takedown_requests')
        .set({ status: 'rejected', decided_at: decision.at, decided_by: decision.by, decision_reason: decision.reason })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .returningAll()
        .executeTakeFirst();
      if (!row) return undefined;
      await queue(trx, mail, row.id, decision.at);
      return row;
    });
  }

  private articleRefs(db: Kysely<DB>) {
    return db
      .selectFrom('articles')
      .innerJoin('sources', 'sources.id', 'articles.source_id')
      .select(['articles.id', 'articles.title', 'articles.url', 'articles.status', 'articles.story_id', 'articles.source_id', 'sources.name as source_name']);
  }
}

async function queue(trx: Transaction<DB>, mail: QueuedMail, takedownId: number, now: number): Promise<void> {
  await trx
    .insertInto('mail_outbox')
    .values({ ...mail, takedown_id: takedownId, created_at: now, next_attempt_at: now })
    .execute();
}
