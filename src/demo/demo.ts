import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { isAdSlot } from '../ads/ads.js';
import { RedianError } from '../errors.js';
import type { SettingsService } from '../settings/settings.js';
import type { Repos } from '../store/repos/index.js';

/** `demo/` at the repository root, from src/demo or dist/demo alike. */
export const DEMO_DIR = fileURLToPath(new URL('../../demo/', import.meta.url));
/** Where the web app serves `demo/media/`; feed content refers to images relative to it. */
export const DEMO_BASE_PATH = '/demo/';

const SourcesFile = z.array(
  z.object({
    slug: z.string().regex(/^[a-z0-9-]+$/),
    name: z.string().min(1),
    siteUrl: z.url(),
    feed: z.string().min(1),
    category: z.string().nullable(),
  }),
);

const DemoFile = z.object({
  featured: z.array(z.string()),
  settings: z.record(z.string(), z.string()),
  ads: z.array(
    z.object({
      slot: z.string().refine(isAdSlot, 'unknown ad slot'),
      title: z.string().min(1),
      bodyText: z.string().optional(),
      image: z.string().optional(),
      link: z.string().min(1),
      weight: z.number().int().positive(),
    }),
  ),
});

export interface DemoLoadResult {
  sources: number;
  added: number;
  duplicates: number;
}

/**
 * The demo corpus: fictional sources whose RSS files in `demo/feeds/` go through the same
 * parse → sanitize → store path as real feeds. Everything it creates is marked is_demo.
 */
export class DemoService {
  constructor(
    private readonly repos: Repos,
    private readonly settings: SettingsService,
    private readonly dir = DEMO_DIR,
  ) {}

  /** A site with no sources yet is new: that is when the demo loads by itself. */
  async siteIsEmpty(): Promise<boolean> {
    return (await this.repos.sources.list()).length === 0;
  }

  /** Loads (or tops up) the demo; safe to run twice. */
  async load(now = Date.now()): Promise<DemoLoadResult> {
    const sources = SourcesFile.parse(await this.readJson('sources.json'));
    const demo = DemoFile.parse(await this.readJson('demo.json'));
    // Loaded here, not at import: every CLI command builds these services, few load the demo.
    const [{ parseFeed }, { ingestItems }] = await Promise.all([import('../ingest/parse/feed.js'), import('../ingest/pipeline.js')]);
    const feeds = await Promise.all(
      sources.map(async (s) => ({ source: s, feed: parseFeed(await this.readText(s.feed), new URL('feed.xml', s.siteUrl).href) })),
    );
    // The corpus was written on fixed dates; shift them so its newest article is fresh.
    const newest = Math.max(...feeds.flatMap((f) => f.feed.items.map((i) => i.publishedAt ?? 0)));
    const shift = newest > 0 ? now - 10 * 60 * 1000 - newest : 0;

    const result: DemoLoadResult = { sources: 0, added: 0, duplicates: 0 };
    const idByGuid = new Map<string, number>();
    for (const { source: s, feed } of feeds) {
      const category = s.category ? await this.repos.categories.bySlug(s.category) : undefined;
      const source = await this.repos.sources.upsert({
        slug: s.slug,
        name: s.name,
        site_url: s.siteUrl,
        feed_url: null,
        category_id: category?.id ?? null,
        policy: 'full',
        enabled: 1,
        is_demo: 1,
        created_at: now,
      });
      const items = feed.items.map((i) => ({ ...i, publishedAt: i.publishedAt === undefined ? undefined : i.publishedAt + shift }));
      const res = await ingestItems(this.repos, source, items, { contentBase: DEMO_BASE_PATH, isDemo: true, now });
      for (const a of res.added) {
        idByGuid.set(a.guid, a.id);
        await this.repos.articles.setViewCount(a.id, demoViews(a.guid));
      }
      result.sources++;
      result.added += res.added.length;
      result.duplicates += res.duplicates;
    }
    await this.repos.articles.setFeatured(
      demo.featured.flatMap((g) => idByGuid.get(g) ?? []),
      true,
    );
    const stored = await this.settings.storedKeys();
    for (const [key, value] of Object.entries(demo.settings)) {
      if (!stored.has(key)) await this.settings.set(key, value);
    }
    if (result.added > 0) await this.loadAds(demo.ads, now);
    return result;
  }

  /** Deletes demo sources (with their articles), demo ads, and settings still at their demo values. */
  async remove(): Promise<{ sources: number; ads: number; settings: number }> {
    const demo = DemoFile.parse(await this.readJson('demo.json'));
    const sources = await this.repos.sources.deleteDemo();
    // Their articles went with the sources; the stories they made go too.
    await this.repos.stories.deleteEmpty();
    const ads = await this.repos.ads.deleteDemo();
    const current = await this.settings.current();
    const stored = await this.settings.storedKeys();
    let settings = 0;
    for (const [key, value] of Object.entries(demo.settings)) {
      if (stored.has(key) && current[key as keyof typeof current] === value) {
        await this.settings.reset(key);
        settings++;
      }
    }
    return { sources, ads, settings };
  }

  private async loadAds(ads: z.infer<typeof DemoFile>['ads'], now: number): Promise<void> {
    for (const ad of ads) {
      const slotId = await this.repos.ads.slotId(ad.slot);
      if (slotId === undefined) continue;
      await this.repos.ads.insert({
        slot_id: slotId,
        title: ad.title,
        body_text: ad.bodyText ?? null,
        image_url: ad.image ?? null,
        link_url: ad.link,
        starts_at: null,
        ends_at: null,
        weight: ad.weight,
        enabled: 1,
        is_demo: 1,
        created_at: now,
      });
    }
  }

  private async readText(file: string): Promise<string> {
    try {
      return await readFile(join(this.dir, file), 'utf8');
    } catch (err) {
      throw new RedianError('DEMO_MISSING', `${join(this.dir, file)}: ${(err as NodeJS.ErrnoException).code}`, { cause: err });
    }
  }

  private async readJson(file: string): Promise<unknown> {
    return JSON.parse(await this.readText(file));
  }
}

/**
 * Demo articles start with a plausible, stable read count so that "most read" lists and
 * 浏览 N look like a living site. Real articles start at zero.
 */
function demoViews(guid: string): number {
  const h = createHash('sha256').update(guid).digest().readUInt32BE(0);
  // Skewed like real traffic: most articles hundreds, a few tens of thousands.
  return Math.round(80 + Math.pow(h / 0xffffffff, 3) * 60000);
}
