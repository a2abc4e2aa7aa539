import type { AuditService } from '../audit/audit.js';
import { TtlCache } from '../cache/ttl-cache.js';
import { RedianError } from '../errors.js';
import type { AdListRow, AdRepo, TargetedAd } from '../store/repos/ads.js';
import type { AdDaily, AdSlot } from '../store/schema.js';
import { AdCounter } from './counter.js';
import { beijingDay } from './day.js';
import type { SeenAds } from './frequency.js';
import { type AdInput, parseAdInput } from './input.js';

export const AD_SLOTS = ['article_top', 'article_bottom', 'feed', 'sidebar'] as const;
export type AdSlotKey = (typeof AD_SLOTS)[number];

/** Bus topic: ads or slots changed; every node drops its cached ad lists. */
export const ADS_CHANGED = 'ads.changed';

/** A reader who closed a slot does not see it again for this long. */
export const AD_CLOSE_SECONDS = 24 * 60 * 60;
/** How far back the console shows daily counts. */
export const AD_STATS_DAYS = 30;

export function isAdSlot(key: string): key is AdSlotKey {
  return (AD_SLOTS as readonly string[]).includes(key);
}

/** The first-party cookie that remembers a closed slot. */
export function adClosedCookie(slot: AdSlotKey): string {
  return `ad_closed_${slot}`;
}

/** The page an ad is chosen for. */
export interface AdContext {
  /** The page's category (an article's, a category tab's); null for pages of none, such as the home feed. */
  categoryId: number | null;
  /** Today's impressions of capped ads for this reader; updated with what is chosen. */
  seen: SeenAds;
}

export interface AdWithStats extends AdListRow {
  /** The last AD_STATS_DAYS days, oldest first, only days with counts. */
  daily: AdDaily[];
  totals: { impressions: number; clicks: number; closes: number };
}

export interface AdServiceOptions {
  random?: () => number;
  now?: () => number;
  /** Told after every change, so other nodes can drop their cached ad lists. */
  onChange?: () => void;
  onError?: (err: unknown) => void;
  /** Where the day's counts are written (the count writer thread); the repository by default. */
  countWriter?: Pick<AdRepo, 'addDaily'>;
}

/**
 * Ads: choosing one for a slot (dates, weight, category targeting, per-reader daily cap),
 * counting impressions, clicks and closes per day, and the editors' changes (audited).
 */
export class AdService {
  /** The ads running in each slot, re-read every few seconds rather than on every page. */
  private readonly running = new TtlCache<string, TargetedAd[]>(5000, AD_SLOTS.length);
  private readonly byId = new TtlCache<number, TargetedAd | null>(5000, 1000);
  private readonly slotList = new TtlCache<'all', AdSlot[]>(5000, 1);
  readonly counter: AdCounter;
  private readonly random: () => number;
  private readonly now: () => number;

  constructor(
    private readonly repo: AdRepo,
    private readonly audit: AuditService,
    private readonly options: AdServiceOptions = {},
  ) {
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
    this.counter = new AdCounter(options.countWriter ?? repo, options.onError ?? (() => {}), 1000, this.now);
  }

  /** One ad for the slot, chosen at random in proportion to its weight, counted as an impression; undefined if none may show. */
  async choose(slot: AdSlotKey, ctx: AdContext): Promise<TargetedAd | undefined> {
    return (await this.chooseMany(slot, 1, ctx))[0];
  }

  /**
   * Up to `count` ads for one page (a feed shows several): different ads while there are
   * enough, each counted as an impression and against the reader's caps.
   */
  async chooseMany(slot: AdSlotKey, count: number, ctx: AdContext): Promise<TargetedAd[]> {
    const now = this.now();
    const all = await this.running.getOrLoad(slot, () => this.repo.activeForSlot(slot, now));
    const chosen: TargetedAd[] = [];
    for (let i = 0; i < count; i++) {
      const eligible = all.filter(
        (a) =>
          a.weight > 0 &&
          (a.starts_at === null || a.starts_at <= now) &&
          (a.ends_at === null || a.ends_at > now) &&
          (a.category_ids.length === 0 || (ctx.categoryId !== null && a.category_ids.includes(ctx.categoryId))) &&
          ctx.seen.allows(a.id, a.freq_cap),
      );
      const fresh = eligible.filter((a) => !chosen.includes(a));
      const ad = weightedPick(fresh.length ? fresh : eligible, this.random);
      if (!ad) break;
      chosen.push(ad);
      ctx.seen.record(ad.id, ad.freq_cap);
      this.counter.add(ad.id, 'impressions');
    }
    return chosen;
  }

  /** After how many list items a feed shows an ad; undefined when the feed slot is off. */
  async feedEvery(): Promise<number | undefined> {
    const feed = (await this.slotList.getOrLoad('all', () => this.repo.slots())).find((s) => s.key === 'feed');
    return feed?.enabled && feed.every_n ? feed.every_n : undefined;
  }

  /** An ad that may show in the slot on a page of no category, for no reader in particular; not counted. */
  async pick(slot: AdSlotKey): Promise<TargetedAd | undefined> {
    const now = this.now();
    const ads = (await this.running.getOrLoad(slot, () => this.repo.activeForSlot(slot, now))).filter(
      (a) => a.weight > 0 && a.category_ids.length === 0 && (a.starts_at === null || a.starts_at <= now) && (a.ends_at === null || a.ends_at > now),
    );
    return weightedPick(ads, this.random);
  }

  /** Where a click on the ad goes (its stored link only), counted; AD_UNKNOWN for an unknown, disabled or ended ad. */
  async click(id: number): Promise<string> {
    const ad = await this.live(id);
    this.counter.add(ad.id, 'clicks');
    return ad.link_url;
  }

  /** The snippet of a running HTML ad; AD_UNKNOWN otherwise. */
  async snippet(id: number): Promise<string> {
    const ad = await this.live(id);
    if (ad.kind !== 'html' || !ad.html) throw new RedianError('AD_UNKNOWN', `ad ${id} has no HTML snippet`);
    return ad.html;
  }

  /** Counts a reader closing an ad's slot (the ad may have ended meanwhile: the close still counts). */
  async recordClose(id: number): Promise<void> {
    if (await this.find(id)) this.counter.add(id, 'closes');
  }

  // ---- console ----

  slots(): Promise<AdSlot[]> {
    return this.repo.slots();
  }

  async updateSlot(key: string, patch: { enabled: boolean; everyN: number | null }, actor: string): Promise<AdSlot> {
    if (!isAdSlot(key)) throw new RedianError('AD_SLOT_UNKNOWN', key);
    if (patch.everyN !== null && (!Number.isInteger(patch.everyN) || patch.everyN < 2 || patch.everyN > 50)) {
      throw new RedianError('AD_INVALID', 'every N items: a whole number from 2 to 50');
    }
    const before = (await this.repo.slots()).find((s) => s.key === key);
    const after = await this.repo.updateSlot(key, { enabled: patch.enabled ? 1 : 0, ...(key === 'feed' ? { every_n: patch.everyN ?? 6 } : {}) });
    if (!before || !after) throw new RedianError('AD_SLOT_UNKNOWN', key);
    await this.audit.record({ actor, action: 'ad_slot.update', target: `ad_slot:${key}`, before, after });
    this.changed();
    return after;
  }

  /** Every ad with its counts over the last AD_STATS_DAYS days. */
  async list(): Promise<AdWithStats[]> {
    const from = beijingDay(this.now()) - (AD_STATS_DAYS - 1);
    const [ads, daily] = await Promise.all([this.repo.list(), this.repo.daily(from)]);
    return ads.map((ad) => withStats(ad, daily.filter((d) => d.ad_id === ad.id)));
  }

  async get(id: number): Promise<AdWithStats> {
    const ad = await this.repo.byId(id);
    if (!ad) throw new RedianError('AD_UNKNOWN', `ad ${id}`);
    return withStats(ad, await this.repo.daily(beijingDay(this.now()) - (AD_STATS_DAYS - 1), id));
  }

  async create(raw: unknown, actor: string): Promise<AdListRow> {
    const input = parseAdInput(raw);
    const slotId = await this.slotIdOf(input.slot);
    const now = this.now();
    const row = await this.repo.insert({ ...columnsOf(input), slot_id: slotId, is_demo: 0, created_at: now, updated_at: now }, input.category_ids);
    const after = (await this.repo.byId(row.id))!;
    await this.audit.record({ actor, action: 'ad.create', target: `ad:${row.id}`, after: auditView(after) });
    this.changed();
    return after;
  }

  async update(id: number, raw: unknown, actor: string): Promise<AdListRow> {
    const input = parseAdInput(raw);
    const before = await this.repo.byId(id);
    if (!before) throw new RedianError('AD_UNKNOWN', `ad ${id}`);
    const slotId = await this.slotIdOf(input.slot);
    await this.repo.update(id, { ...columnsOf(input), slot_id: slotId, updated_at: this.now() }, input.category_ids);
    const after = (await this.repo.byId(id))!;
    await this.audit.record({ actor, action: 'ad.update', target: `ad:${id}`, before: auditView(before), after: auditView(after) });
    this.changed();
    return after;
  }

  async setEnabled(id: number, enabled: boolean, actor: string): Promise<void> {
    const before = await this.repo.byId(id);
    if (!before) throw new RedianError('AD_UNKNOWN', `ad ${id}`);
    await this.repo.update(id, { enabled: enabled ? 1 : 0, updated_at: this.now() });
    await this.audit.record({ actor, action: enabled ? 'ad.enable' : 'ad.disable', target: `ad:${id}`, before: { enabled: before.enabled }, after: { enabled: enabled ? 1 : 0 } });
    this.changed();
  }

  async delete(id: number, actor: string): Promise<void> {
    const before = await this.repo.byId(id);
    if (!before) throw new RedianError('AD_UNKNOWN', `ad ${id}`);
    // Counts still buffered for it would have nowhere to go.
    await this.counter.flush();
    await this.repo.delete(id);
    await this.audit.record({ actor, action: 'ad.delete', target: `ad:${id}`, before: auditView(before) });
    this.changed();
  }

  /** Drops cached ad lists (after a change here, or told by another node). */
  forget(): void {
    this.running.clear();
    this.byId.clear();
    this.slotList.clear();
  }

  /** Writes buffered counts; the last step of a graceful stop. */
  flush(): Promise<void> {
    return this.counter.flush();
  }

  private changed(): void {
    this.forget();
    this.options.onChange?.();
  }

  private async slotIdOf(key: string): Promise<number> {
    const id = isAdSlot(key) ? await this.repo.slotId(key) : undefined;
    if (id === undefined) throw new RedianError('AD_SLOT_UNKNOWN', key);
    return id;
  }

  private async find(id: number): Promise<TargetedAd | undefined> {
    return (await this.byId.getOrLoad(id, async () => (await this.repo.byId(id)) ?? null)) ?? undefined;
  }

  private async live(id: number): Promise<TargetedAd> {
    const ad = await this.find(id);
    const now = this.now();
    if (!ad || !ad.enabled || (ad.ends_at !== null && ad.ends_at <= now) || (ad.starts_at !== null && ad.starts_at > now)) {
      throw new RedianError('AD_UNKNOWN', `ad ${id} is not running`);
    }
    return ad;
  }
}

function weightedPick<T extends { weight: number }>(items: T[], random: () => number): T | undefined {
  const total = items.reduce((sum, a) => sum + a.weight, 0);
  if (total <= 0) return undefined;
  let roll = random() * total;
  for (const item of items) {
    roll -= item.weight;
    if (roll < 0) return item;
  }
  return items.at(-1);
}

function columnsOf(input: AdInput) {
  return {
    kind: input.kind,
    title: input.title,
    body_text: input.body_text,
    image_url: input.image_url,
    html: input.html,
    link_url: input.link_url,
    starts_at: input.starts_at,
    ends_at: input.ends_at,
    weight: input.weight,
    freq_cap: input.freq_cap,
    enabled: input.enabled ? 1 : 0,
  };
}

/** What the audit log keeps of an ad: everything an editor set. */
function auditView(ad: AdListRow) {
  const { created_at: _c, updated_at: _u, ...rest } = ad;
  return rest;
}

function withStats(ad: AdListRow, daily: AdDaily[]): AdWithStats {
  const totals = { impressions: 0, clicks: 0, closes: 0 };
  for (const d of daily) {
    totals.impressions += d.impressions;
    totals.clicks += d.clicks;
    totals.closes += d.closes;
  }
  return { ...ad, daily, totals };
}
