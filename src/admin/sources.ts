import { z } from 'zod';
import type { AuditService } from '../audit/audit.js';
import { RedianError } from '../errors.js';
import type { DiscoveredFeed } from '../ingest/discover.js';
import type { Scheduler, SourceRun } from '../ingest/scheduler.js';
import { SOURCE_POLICIES, type SourceService } from '../ingest/sources.js';
import type { SourceWithCount } from '../store/repos/index.js';
import type { EditorialRepo, SourceEdit } from '../store/repos/editorial.js';
import type { Source } from '../store/schema.js';

export interface SourceForm {
  name: string;
  /** Category id, or '' for none. */
  categoryId: string;
  policy: string;
  intervalMinutes: string;
  selector: string;
  respectRobots: boolean;
  /** New articles wait in the review queue; absent leaves the setting as it is. */
  requiresReview?: boolean;
}

const Edit = z.object({
  name: z.string().trim().min(1, '名称不能为空').max(200, '名称最多 200 字'),
  categoryId: z.union([z.literal(''), z.string().regex(/^\d{1,9}$/, '分类无效')]),
  policy: z.enum(SOURCE_POLICIES, { message: '收录方式只能是 full 或 excerpt' }),
  intervalMinutes: z.coerce.number({ message: '抓取间隔必须是分钟数' }).int('抓取间隔必须是整数').min(5, '抓取间隔至少 5 分钟').max(1440, '抓取间隔最多 1440 分钟'),
  selector: z.string().trim().max(500, '选择器最多 500 字'),
  respectRobots: z.boolean(),
  requiresReview: z.boolean().optional(),
});

/** What the audit log keeps of a source. */
const snapshot = (s: Source) => ({
  name: s.name,
  category_id: s.category_id,
  policy: s.policy,
  fetch_interval_minutes: s.fetch_interval_minutes,
  content_selector: s.content_selector,
  respect_robots: s.respect_robots === 1,
  enabled: s.enabled === 1,
  requires_review: s.requires_review === 1,
});

/** Editors' side of sources in the console, every change recorded in the audit log. */
export class SourceAdmin {
  constructor(
    private readonly sources: SourceService,
    private readonly repo: EditorialRepo,
    private readonly discover: (url: string) => Promise<DiscoveredFeed>,
    private readonly scheduler: Scheduler,
    private readonly audit: AuditService,
  ) {}

  list(): Promise<SourceWithCount[]> {
    return this.sources.list();
  }

  async get(id: number): Promise<SourceWithCount> {
    const s = (await this.sources.list()).find((x) => x.id === id);
    if (!s) throw new RedianError('NOT_FOUND', `source #${id}`);
    return s;
  }

  /** Adds the feed behind a URL (the feed itself, or a page announcing it). */
  async add(input: { url: string; name?: string; categoryId?: string; policy?: string; requiresReview?: boolean }, actor: string): Promise<Source> {
    const url = input.url.trim();
    if (!/^https?:\/\//i.test(url)) throw new RedianError('SOURCE_INVALID', '网址必须以 http:// 或 https:// 开头');
    const { feedUrl, feed } = await this.discover(url);
    const category = input.categoryId ? (await this.categorySlug(input.categoryId)) : undefined;
    const policy = input.policy === 'excerpt' ? 'excerpt' : 'full';
    const source = await this.sources.add({
      feedUrl,
      name: input.name?.trim() || feed.title || new URL(feedUrl).hostname,
      siteUrl: feed.siteUrl,
      category,
      policy,
      requiresReview: input.requiresReview,
    });
    await this.audit.record({ actor, action: 'source.create', target: `source:${source.id}`, after: { feed_url: feedUrl, ...snapshot(source) } });
    return source;
  }

  async update(id: number, form: SourceForm, actor: string): Promise<void> {
    const before = await this.sources.byId(id);
    const parsed = Edit.safeParse(form);
    if (!parsed.success) throw new RedianError('SOURCE_INVALID', parsed.error.issues[0]!.message);
    const f = parsed.data;
    const categoryId = f.categoryId === '' ? null : Number(f.categoryId);
    if (categoryId !== null && !(await this.repo.category(categoryId))) throw new RedianError('CATEGORY_UNKNOWN', `#${categoryId}`);
    const edit: SourceEdit = {
      name: f.name,
      category_id: categoryId,
      policy: f.policy,
      fetch_interval_minutes: f.intervalMinutes,
      content_selector: f.selector || null,
      respect_robots: f.respectRobots ? 1 : 0,
      ...(f.requiresReview === undefined ? {} : { requires_review: f.requiresReview ? 1 : 0 }),
    };
    await this.repo.updateSource(id, edit);
    const after = await this.sources.byId(id);
    await this.audit.record({ actor, action: 'source.update', target: `source:${id}`, before: snapshot(before), after: snapshot(after) });
  }

  async setEnabled(id: number, enabled: boolean, actor: string): Promise<void> {
    const before = await this.sources.byId(id);
    await this.sources.setEnabled(id, enabled);
    await this.audit.record({
      actor,
      action: enabled ? 'source.enable' : 'source.disable',
      target: `source:${id}`,
      before: { enabled: before.enabled === 1 },
      after: { enabled },
    });
  }

  /** On: the source's new articles wait in the review queue. */
  async setRequiresReview(id: number, requiresReview: boolean, actor: string): Promise<void> {
    const before = await this.sources.byId(id);
    await this.sources.setRequiresReview(id, requiresReview);
    await this.audit.record({
      actor,
      action: 'source.review',
      target: `source:${id}`,
      before: { requires_review: before.requires_review === 1 },
      after: { requires_review: requiresReview },
    });
  }

  /** Fetches the source now, due or not (an enabled one; a disabled source is not fetched). */
  async fetchNow(id: number, actor: string): Promise<SourceRun | undefined> {
    const source = await this.sources.byId(id);
    if (!source.enabled) throw new RedianError('SOURCE_INVALID', '来源已停用，先启用再抓取');
    const [run] = await this.scheduler.runNow([id]);
    await this.audit.record({
      actor,
      action: 'source.fetch',
      target: `source:${id}`,
      after: run ? { added: run.result?.added ?? 0, error: run.error ?? null } : { skipped: 'already being fetched' },
    });
    return run;
  }

  private async categorySlug(id: string): Promise<string> {
    const category = /^\d{1,9}$/.test(id) ? await this.repo.category(Number(id)) : undefined;
    if (!category) throw new RedianError('CATEGORY_UNKNOWN', `#${id}`);
    return category.slug;
  }
}
