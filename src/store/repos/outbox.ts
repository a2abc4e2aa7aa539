import type { Kysely } from 'kysely';
import type { DB, MailStatus, OutboxMail } from '../schema.js';

/** Outgoing mail: queued with the decision that caused it, sent and retried by the worker. */
export class OutboxRepo {
  constructor(private readonly db: Kysely<DB>) {}

  /** Pending mail whose next attempt is due, oldest first. */
  due(now: number, limit: number): Promise<OutboxMail[]> {
    return this.db
      .selectFrom('mail_outbox')
      .selectAll()
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .orderBy('next_attempt_at')
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  /**
   * Takes a due mail for one attempt: its next attempt moves to `leaseUntil`, so another
   * node's worker skips it meanwhile. False if another worker took it first.
   */
  async claim(mail: OutboxMail, leaseUntil: number): Promise<boolean> {
    const res = await this.db
      .updateTable('mail_outbox')
      .set({ next_attempt_at: leaseUntil })
      .where('id', '=', mail.id)
      .where('status', '=', 'pending')
      .where('next_attempt_at', '=', mail.next_attempt_at)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  async markSent(id: number, now: number): Promise<void> {
    await this.db
      .updateTable('mail_outbox')
      .set((eb) => ({ status: 'sent', sent_at: now, last_error: null, attempts: eb('attempts', '+', 1) }))
      .where('id', '=', id)
      .execute();
  }

  /** Records a failed attempt: tried again at `retryAt`, or given up (status failed) when null. */
  async markAttemptFailed(id: number, error: string, retryAt: number | null): Promise<void> {
    await this.db
      .updateTable('mail_outbox')
      .set((eb) => ({
        attempts: eb('attempts', '+', 1),
        last_error: error.slice(0, 500),
        ...(retryAt === null ? { status: 'failed' as MailStatus } : { next_attempt_at: retryAt }),
      }))
      .where('id', '=', id)
      .execute();
  }

  /** Newest first, optionally of one takedown request. */
  list(limit: number, takedownId?: number): Promise<OutboxMail[]> {
    let q = this.db.selectFrom('mail_outbox').selectAll();
    if (takedownId !== undefined) q = q.where('takedown_id', '=', takedownId);
    return q.orderBy('id', 'desc').limit(limit).execute();
  }
}
