import { z } from 'zod';
import type { AuditService } from '../audit/audit.js';
import { type Bus, TOPICS } from '../cluster/bus.js';
import { RedianError } from '../errors.js';
import { firstImage, htmlToText, summarize } from '../ingest/text.js';
import { searchDocumentOf } from '../search/terms.js';
import type { Repos } from '../store/repos/index.js';
import type { HeldArticleDetail, ReviewEdit, ReviewPage } from './types.js';

export const REVIEW_PAGE_SIZE = 30;
/** One bulk decision covers at most this many articles (a page of the queue is 30). */
const MAX_BULK = 500;

const Title = z.string().trim().min(1, '标题不能为空').max(300, '标题最多 300 字');

/**
 * The review queue (issue 7): articles held by a rule, a sensitive-word list or a source
 * that requires review wait unpublished until an editor approves (published, indexed for
 * search), edits, or rejects them (kept as 'rejected', so the next fetch does not store
 * them again). Every decision is audited and announced, so every node's caches follow.
 */
export class ReviewService {
  constructor(
    private readonly repos: Pick<Repos, 'review' | 'search'>,
    private readonly audit: AuditService,
    private readonly bus: Bus,
  ) {}

  /** Held articles, longest waiting first. */
  async queue(page: number, filter: { sourceId?: number } = {}): Promise<ReviewPage> {
    const [found, total] = await Promise.all([
      this.repos.review.page(REVIEW_PAGE_SIZE + 1, (page - 1) * REVIEW_PAGE_SIZE, filter.sourceId),
      this.repos.review.count(filter.sourceId),
    ]);
    return { rows: found.slice(0, REVIEW_PAGE_SIZE), total, page, hasNext: found.length > REVIEW_PAGE_SIZE };
  }

  /** For the console's nav badge. */
  count(): Promise<number> {
    return this.repos.review.count();
  }

  async get(id: number): Promise<HeldArticleDetail> {
    const found = await this.repos.review.detail(id);
    if (!found) throw new RedianError('NOT_FOUND', `article ${id}`);
    const { status, ...article } = found;
    if (status !== 'held') throw new RedianError('REVIEW_NOT_HELD', `文章 #${id} 不在审核队列中（状态：${status}）`);
    return article;
  }

  /** Publishes these held articles (all or none) and puts them in the search index. */
  async approve(ids: number[], actor: string): Promise<void> {
    const before = await this.decide(ids, 'published');
    await this.repos.search.index(before.map((a) => searchDocumentOf(a.id, a.title, htmlToText(a.contentHtml))));
    for (const a of before) {
      await this.audit.record({ actor, action: 'review.approve', target: `article:${a.id}`, before: { status: 'held', title: a.title, reasons: a.reasons }, after: { status: 'published' } });
      await this.bus.publish(TOPICS.articleChanged, { id: a.id });
    }
  }

  /** Rejects these held articles (all or none): never published, and not stored again by the next fetch. */
  async reject(ids: number[], actor: string, note?: string): Promise<void> {
    const before = await this.decide(ids, 'rejected');
    const why = note?.trim().slice(0, 500) || undefined;
    for (const a of before) {
      await this.audit.record({
        actor,
        action: 'review.reject',
        target: `article:${a.id}`,
        before: { status: 'held', title: a.title, reasons: a.reasons },
        after: { status: 'rejected', ...(why ? { note: why } : {}) },
      });
      await this.bus.publish(TOPICS.articleChanged, { id: a.id });
    }
  }

  /** An editor's correction before deciding: the content is sanitized again; the article stays held. */
  async edit(id: number, edit: ReviewEdit, actor: string): Promise<void> {
    const parsed = Title.safeParse(edit.title);
    if (!parsed.success) throw new RedianError('EDIT_INVALID', parsed.error.issues[0]!.message);
    const before = await this.get(id);
    // Loaded on the first edit, not at import: every CLI command builds these services.
    const { sanitizeArticleHtml } = await import('../ingest/sanitize/sanitize.js');
    const contentHtml = sanitizeArticleHtml(edit.contentHtml, before.url);
    const contentText = htmlToText(contentHtml);
    const saved = await this.repos.review.edit(id, {
      title: parsed.data,
      content_html: contentHtml,
      content_text: contentText,
      summary: summarize(contentText),
      lead_image: firstImage(contentHtml) ?? null,
    });
    if (!saved) throw new RedianError('REVIEW_NOT_HELD', `文章 #${id} 已不在审核队列中`);
    await this.audit.record({
      actor,
      action: 'review.edit',
      target: `article:${id}`,
      before: { title: before.title, contentChars: before.contentHtml.length },
      after: { title: parsed.data, contentChars: contentHtml.length },
    });
  }

  /** Validates the ids, then moves them all out of the queue or none; returns them as they were. */
  private async decide(ids: number[], status: 'published' | 'rejected'): Promise<HeldArticleDetail[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) throw new RedianError('EDIT_INVALID', '请至少选择一篇文章');
    if (unique.length > MAX_BULK) throw new RedianError('EDIT_INVALID', `一次最多处理 ${MAX_BULK} 篇`);
    const before: HeldArticleDetail[] = [];
    for (const id of unique) {
      const found = await this.repos.review.detail(id);
      if (!found) throw new RedianError('NOT_FOUND', `article ${id}`);
      const { status: _status, ...article } = found;
      before.push(article);
    }
    const { notHeld } = await this.repos.review.decide(unique, status);
    if (notHeld.length > 0) throw new RedianError('REVIEW_NOT_HELD', `文章 ${notHeld.map((id) => `#${id}`).join('、')} 不在审核队列中，未做任何改动`);
    return before;
  }
}
