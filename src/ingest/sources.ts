import { z } from 'zod';
import { RedianError } from '../errors.js';
import type { Repos, SourceWithCount } from '../store/repos/index.js';
import type { Source, SourcePolicy } from '../store/schema.js';

/** What `--category` takes to have a source's articles filed by the text classifier. */
export const AUTO_CATEGORY = 'auto';

export const SOURCE_POLICIES = ['full', 'excerpt'] as const satisfies readonly SourcePolicy[];

export interface NewSourceInput {
  feedUrl: string;
  name: string;
  siteUrl?: string | undefined;
  /**
   * Category slug or name; AUTO_CATEGORY for "from the feed, else the text classifier";
   * absent means "from the feed, or unfiled".
   */
  category?: string | undefined;
  policy?: SourcePolicy | undefined;
  contentSelector?: string | undefined;
  fetchIntervalMinutes?: number | undefined;
  respectRobots?: boolean | undefined;
  /** New articles wait in the review queue until an editor approves them. */
  requiresReview?: boolean | undefined;
}

const Input = z.object({
  feedUrl: z.url({ protocol: /^https?$/, message: 'feed URL must be an absolute http(s) URL' }),
  name: z.string().trim().min(1, 'name must not be empty').max(200, 'name: at most 200 characters'),
  siteUrl: z.url({ protocol: /^https?$/, message: 'site URL must be an absolute http(s) URL' }).optional(),
  category: z.string().trim().min(1).optional(),
  policy: z.enum(SOURCE_POLICIES, { message: `policy must be one of ${SOURCE_POLICIES.join(', ')}` }).optional(),
  contentSelector: z.string().trim().min(1).max(500).optional(),
  fetchIntervalMinutes: z.number().int().min(5, 'fetch interval: at least 5 minutes').max(24 * 60, 'fetch interval: at most a day').optional(),
  respectRobots: z.boolean().optional(),
  requiresReview: z.boolean().optional(),
});

/** Editors' side of sources: add, list, switch on and off. */
export class SourceService {
  constructor(private readonly repos: Repos) {}

  list(): Promise<SourceWithCount[]> {
    return this.repos.sources.listWithCounts();
  }

  async byId(id: number): Promise<Source> {
    const source = await this.repos.sources.byId(id);
    if (!source) throw new RedianError('SOURCE_UNKNOWN', `#${id}`);
    return source;
  }

  async add(input: NewSourceInput, now = Date.now()): Promise<Source> {
    const parsed = Input.safeParse(Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)));
    if (!parsed.success) throw new RedianError('SOURCE_INVALID', parsed.error.issues[0]!.message);
    const s = parsed.data;
    const existing = await this.repos.sources.byFeedUrl(s.feedUrl);
    if (existing) throw new RedianError('SOURCE_EXISTS', `${s.feedUrl} is source "${existing.name}" (#${existing.id})`);
    const auto = s.category !== undefined && s.category.toLowerCase() === AUTO_CATEGORY;
    const categoryId = s.category === undefined || auto ? null : await this.categoryId(s.category);
    return this.repos.sources.upsert({
      slug: await this.freeSlug(s.siteUrl ?? s.feedUrl),
      name: s.name,
      site_url: s.siteUrl ?? new URL('/', s.feedUrl).href,
      feed_url: s.feedUrl,
      category_id: categoryId,
      policy: s.policy ?? 'full',
      enabled: 1,
      is_demo: 0,
      created_at: now,
      content_selector: s.contentSelector ?? null,
      fetch_interval_minutes: s.fetchIntervalMinutes ?? 30,
      respect_robots: s.respectRobots === false ? 0 : 1,
      next_fetch_at: now,
      auto_category: auto ? 1 : 0,
      requires_review: s.requiresReview ? 1 : 0,
    });
  }

  async setEnabled(id: number, enabled: boolean): Promise<void> {
    await this.byId(id);
    await this.repos.sources.setEnabled(id, enabled);
  }

  /** On: the source's new articles wait in the review queue (those already stored stay as they are). */
  async setRequiresReview(id: number, requiresReview: boolean): Promise<void> {
    await this.byId(id);
    await this.repos.sources.setRequiresReview(id, requiresReview);
  }

  /** A category by slug or by name, as editors and OPML files write them. */
  async categoryId(nameOrSlug: string): Promise<number> {
    const wanted = nameOrSlug.trim().toLowerCase();
    const categories = await this.repos.categories.list();
    const match = categories.find((c) => c.slug === wanted || c.name === nameOrSlug.trim());
    if (!match) {
      throw new RedianError('CATEGORY_UNKNOWN', `"${nameOrSlug}"; known: ${categories.map((c) => `${c.slug} (${c.name})`).join(', ')}`);
    }
    return match.id;
  }

  /** `news-example-com` from https://news.example.com/…, with -2, -3… when taken. */
  private async freeSlug(url: string): Promise<string> {
    const base =
      new URL(url).hostname
        .replace(/^www\./, '')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '')
        .slice(0, 56) || 'source';
    const taken = await this.repos.sources.slugsLike(base);
    if (!taken.has(base)) return base;
    for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
  }
}
