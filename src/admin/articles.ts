import { z } from 'zod';
import type { AuditService } from '../audit/audit.js';
import { type Bus, TOPICS } from '../cluster/bus.js';
import { RedianError } from '../errors.js';
import type { BlockedUrlRepo } from '../store/repos/blocked-urls.js';
import type { ArticleEdit, ArticleQuery, ArticleRow, EditorialRepo } from '../store/repos/editorial.js';
import type { Article, Category } from '../store/schema.js';

export const ADMIN_PAGE_SIZE = 30;

export interface ArticleSearchPage {
  rows: ArticleRow[];
  /** Unknown for a title search: counting matches means reading every title (see search()). */
  total: number | undefined;
  page: number;
  hasNext: boolean;
}

const Title = z.string().trim().min(1, '标题不能为空').max(300, '标题最多 300 字');

/** The part of an article an editorial decision changes: what the audit log keeps before and after. */
const snapshot = (a: Article) => ({ title: a.title, status: a.status, featured: a.featured === 1, category_id: a.category_id });

/**
 * Editors' decisions on articles. Each is recorded in the audit log with the state before
 * and after, and announced on the bus so that every node drops its rendered copies.
 */
export class ArticleModeration {
  constructor(
    private readonly repo: EditorialRepo,
    private readonly blocked: BlockedUrlRepo,
    private readonly audit: AuditService,
    private readonly bus: Bus,
  ) {}

  /**
   * A page of articles, newest stored first. A title search is a LIKE scan that stops once
   * a page is filled, walking the created_at index; counting all its matches would read
   * every title (0.6 s at 100k articles), so it is paged by "is there a next page" only.
   */
  async search(query: ArticleQuery, page: number): Promise<ArticleSearchPage> {
    const q = { ...query, q: query.q?.trim().slice(0, 100) || undefined };
    const [found, total] = await Promise.all([
      this.repo.searchArticles(q, ADMIN_PAGE_SIZE + 1, (page - 1) * ADMIN_PAGE_SIZE),
      q.q ? undefined : this.repo.countArticles(q),
    ]);
    return { rows: found.slice(0, ADMIN_PAGE_SIZE), total, page, hasNext: found.length > ADMIN_PAGE_SIZE };
  }

  /** What the search form offers to filter by. */
  async filters(): Promise<{ sources: Array<{ id: number; name: string }>; categories: Category[] }> {
    const [sources, categories] = await Promise.all([this.repo.sourceNames(), this.repo.categoryNames()]);
    return { sources, categories };
  }

  async get(id: number): Promise<Article> {
    const article = await this.repo.article(id);
    if (!article) throw new RedianError('NOT_FOUND', `article ${id}`);
    return article;
  }

  /** Hidden articles leave every list and answer 404; a taken-down one stays down (takedowns decide that). */
  async setHidden(id: number, hidden: boolean, actor: string): Promise<void> {
    const before = await this.get(id);
    if (before.status === 'taken_down') throw new RedianError('EDIT_INVALID', `article ${id} was taken down; only the takedown queue can change it`);
    // Otherwise "unhide" would publish a held article past the review queue.
    if (before.status === 'held' || before.status === 'rejected') throw new RedianError('EDIT_INVALID', `文章 #${id} 在审核流程中（${before.status === 'held' ? '待审' : '已拒绝'}），请在审核队列处理`);
    await this.change(before, { status: hidden ? 'hidden' : 'published' }, hidden ? 'article.hide' : 'article.unhide', actor);
  }

  async setFeatured(id: number, featured: boolean, actor: string): Promise<void> {
    const before = await this.get(id);
    await this.change(before, { featured: featured ? 1 : 0 }, featured ? 'article.feature' : 'article.unfeature', actor);
  }

  async setCategory(id: number, categoryId: number | null, actor: string): Promise<void> {
    const before = await this.get(id);
    await this.change(before, { category_id: categoryId }, 'article.category', actor);
  }

  async setTitle(id: number, title: string, actor: string): Promise<void> {
    const parsed = Title.safeParse(title);
    if (!parsed.success) throw new RedianError('EDIT_INVALID', parsed.error.issues[0]!.message);
    const before = await this.get(id);
    await this.change(before, { title: parsed.data }, 'article.title', actor);
  }

  /**
   * Deletes the article and puts its URL on the ingestion blocklist: otherwise the next
   * fetch of a feed that still lists it would store it again.
   */
  async delete(id: number, actor: string): Promise<void> {
    const before = await this.get(id);
    await this.blocked.add(before.url, `deleted by ${actor}`);
    await this.repo.deleteArticle(id);
    await this.audit.record({ actor, action: 'article.delete', target: `article:${id}`, before: { ...snapshot(before), url: before.url } });
    await this.bus.publish(TOPICS.articleChanged, { id });
  }

  private async change(before: Article, edit: ArticleEdit, action: string, actor: string): Promise<void> {
    await this.repo.updateArticle(before.id, edit);
    const after = { ...before, ...edit };
    await this.audit.record({ actor, action, target: `article:${before.id}`, before: snapshot(before), after: snapshot(after) });
    await this.bus.publish(TOPICS.articleChanged, { id: before.id });
  }
}
