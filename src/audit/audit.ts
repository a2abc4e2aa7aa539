import type { AuditFilter, AuditRepo } from '../store/repos/audit.js';
import type { AuditEntry } from '../store/schema.js';

export type { AuditFilter } from '../store/repos/audit.js';

export interface AuditRecord {
  /** Who decided: an admin's username, or "cli:<user>" / "system". */
  actor: string;
  /** What was done, dotted: "article.hide", "ad.create", "takedown.accept", "setting.set"… */
  action: string;
  /** What it was done to: "article:42", "source:7", "setting:site_name"… */
  target: string;
  /** The state before and after (omitted when there is none, e.g. before a create). */
  before?: unknown;
  after?: unknown;
}

export interface AuditPage {
  entries: AuditEntry[];
  total: number;
}

/** The audit log: every editorial, ad and rights decision, who made it and what changed. */
export class AuditService {
  constructor(
    private readonly repo: AuditRepo,
    private readonly now: () => number = Date.now,
  ) {}

  record(entry: AuditRecord): Promise<AuditEntry> {
    return this.repo.insert({
      at: this.now(),
      actor: entry.actor,
      action: entry.action,
      target: entry.target,
      before_json: entry.before === undefined ? null : JSON.stringify(entry.before),
      after_json: entry.after === undefined ? null : JSON.stringify(entry.after),
    });
  }

  async list(filter: AuditFilter, limit = 50, offset = 0): Promise<AuditPage> {
    const [entries, total] = await Promise.all([this.repo.list(filter, limit, offset), this.repo.count(filter)]);
    return { entries, total };
  }
}
