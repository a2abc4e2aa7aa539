import type { Insertable, Kysely } from 'kysely';
import type { AuditEntry, AuditLogTable, DB } from '../schema.js';

export interface AuditFilter {
  actor?: string;
  action?: string;
  /** Exact target, e.g. "article:42". */
  target?: string;
  since?: number;
  until?: number;
}

export class AuditRepo {
  constructor(private readonly db: Kysely<DB>) {}

  async insert(entry: Insertable<AuditLogTable>): Promise<AuditEntry> {
    return this.db.insertInto('audit_log').values(entry).returningAll().executeTakeFirstOrThrow();
  }

  /** Newest first. */
  list(filter: AuditFilter, limit: number, offset: number): Promise<AuditEntry[]> {
    return this.filtered(filter).selectAll().orderBy('at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute();
  }

  async count(filter: AuditFilter): Promise<number> {
    const row = await this.filtered(filter).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  private filtered(filter: AuditFilter) {
    let q = this.db.selectFrom('audit_log');
    if (filter.actor) q = q.where('actor', '=', filter.actor);
    if (filter.action) q = q.where('action', '=', filter.action);
    if (filter.target) q = q.where('target', '=', filter.target);
    if (filter.since !== undefined) q = q.where('at', '>=', filter.since);
    if (filter.until !== undefined) q = q.where('at', '<', filter.until);
    return q;
  }
}
