import type { AuditService } from '../audit/audit.js';
import { type Bus, TOPICS } from '../cluster/bus.js';
import { RedianError } from '../errors.js';
import type { SettingsService } from '../settings/settings.js';
import type { Repos } from '../store/repos/index.js';
import type { ArticleRef } from '../store/repos/takedowns.js';
import type { OutboxMail, TakedownRequest, TakedownScope, TakedownStatus } from '../store/schema.js';
import { storedArticleIds, type TakedownClaim } from './form.js';
import { acceptedNotice, receivedNotice, rejectedNotice } from './notices.js';
import type { OutboxWorker } from './outbox.js';
import { takedownReference } from './reference.js';

export const TAKEDOWN_SCOPES = ['article', 'story', 'source'] as const satisfies readonly TakedownScope[];

export interface TakedownDetail {
  request: TakedownRequest;
  /** The articles its URLs name (those still stored). */
  articles: ArticleRef[];
  /** Notices to the claimant and their sending status, newest first. */
  mails: OutboxMail[];
}

/**
 * The takedown workflow: a rights holder's request is stored with a reference and a
 * "received" notice; an editor accepts it (articles taken down everywhere at once, URLs
 * blocked from ingestion, optionally the whole story or source) or rejects it with a reason.
 * Every step is in the audit log and queues a notice in the outbox.
 */
export class TakedownService {
  constructor(
    private readonly repos: Repos,
    private readonly audit: AuditService,
    private readonly settings: SettingsService,
    private readonly bus: Bus,
    readonly outbox: OutboxWorker,
    private readonly now: () => number = Date.now,
  ) {}

  async submit(claim: TakedownClaim): Promise<TakedownRequest> {
    const siteName = (await this.settings.current()).site_name;
    const at = this.now();
    for (let attempt = 0; ; attempt++) {
      const reference = takedownReference(at);
      if (await this.repos.takedowns.byReference(reference)) {
        // 32^4 references a day: a clash is rare, and trying again resolves it.
        if (attempt < 5) continue;
        throw new Error('could not find a free takedown reference');
      }
      const values = {
        reference,
        claimant: claim.claimant,
        organisation: claim.organisation,
        email: claim.email,
        urls: claim.urls.join('\n'),
        work_description: claim.work,
        good_faith: 1,
        status: 'pending' as const,
        created_at: at,
      };
      const request = await this.repos.takedowns.insert(values, receivedNotice({ ...values, id: 0, decision_reason: null, decided_at: null, scope: null, decided_by: null }, siteName));
      await this.audit.record({ actor: 'public', action: 'takedown.submit', target: `takedown:${reference}`, after: { urls: claim.urls, claimant: claim.claimant } });
      void this.outbox.kick().catch(() => {});
      return request;
    }
  }

  list(status: TakedownStatus | undefined, limit = 50, offset = 0): Promise<TakedownRequest[]> {
    return this.repos.takedowns.list(status, limit, offset);
  }

  counts(): Promise<Record<TakedownStatus, number>> {
    return this.repos.takedowns.countByStatus();
  }

  async detail(reference: string): Promise<TakedownDetail> {
    const request = await this.byReference(reference);
    const [articles, mails] = await Promise.all([
      this.repos.takedowns.articles(storedArticleIds(request.urls)),
      this.repos.outbox.list(20, request.id),
    ]);
    return { request, articles, mails };
  }

  /**
   * Takes down the request's articles (or every article of their stories, or of their
   * sources, disabling those), blocks their URLs from ingestion, tells every node.
   */
  async accept(reference: string, scope: TakedownScope, actor: string, note: string | null = null): Promise<{ request: TakedownRequest; articles: ArticleRef[] }> {
    const pending = await this.pending(reference);
    const named = await this.repos.takedowns.articles(storedArticleIds(pending.urls));
    const articles = await this.repos.takedowns.related(scope, named);
    const sourceIds = scope === 'source' ? [...new Set(named.map((a) => a.source_id))] : [];
    const siteName = (await this.settings.current()).site_name;
    const at = this.now();
    const request = await this.repos.takedowns.accept(
      pending.id,
      { by: actor, at, scope, reason: note },
      { articleIds: articles.map((a) => a.id), urls: articles.map((a) => a.url), sourceIds },
      acceptedNotice(pending, siteName, articles.length),
    );
    if (!request) throw new RedianError('TAKEDOWN_DECIDED', reference);
    // Every node drops its cached page and lists of each article now gone.
    for (const a of articles) await this.bus.publish(TOPICS.articleChanged, { id: a.id });
    await this.audit.record({
      actor,
      action: 'takedown.accept',
      target: `takedown:${reference}`,
      before: { status: 'pending', articles: articles.map((a) => ({ id: a.id, status: a.status })) },
      after: { status: 'accepted', scope, articles: articles.map((a) => ({ id: a.id, status: 'taken_down', url: a.url })), disabledSources: sourceIds, note },
    });
    void this.outbox.kick().catch(() => {});
    return { request, articles };
  }

  async reject(reference: string, reason: string, actor: string): Promise<TakedownRequest> {
    const why = reason.trim();
    if (!why) throw new RedianError('TAKEDOWN_INVALID', 'a rejection needs a reason');
    if (why.length > 2000) throw new RedianError('TAKEDOWN_INVALID', 'reason: at most 2000 characters');
    const pending = await this.pending(reference);
    const siteName = (await this.settings.current()).site_name;
    const request = await this.repos.takedowns.reject(pending.id, { by: actor, at: this.now(), reason: why }, rejectedNotice(pending, siteName, why));
    if (!request) throw new RedianError('TAKEDOWN_DECIDED', reference);
    await this.audit.record({ actor, action: 'takedown.reject', target: `takedown:${reference}`, before: { status: 'pending' }, after: { status: 'rejected', reason: why } });
    void this.outbox.kick().catch(() => {});
    return request;
  }

  private async byReference(reference: string): Promise<TakedownRequest> {
    const request = await this.repos.takedowns.byReference(reference.trim().toUpperCase());
    if (!request) throw new RedianError('TAKEDOWN_UNKNOWN', reference);
    return request;
  }

  private async pending(reference: string): Promise<TakedownRequest> {
    const request = await this.byReference(reference);
    if (request.status !== 'pending') throw new RedianError('TAKEDOWN_DECIDED', `${reference} was ${request.status}`);
    return request;
  }
}
