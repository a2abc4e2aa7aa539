import { TtlCache } from '../cache/ttl-cache.js';
import type { AdRepo } from '../store/repos/ads.js';
import type { Ad } from '../store/schema.js';

export const AD_SLOTS = ['article_top', 'article_bottom'] as const;
export type AdSlotKey = (typeof AD_SLOTS)[number];

/** A reader who closed a slot does not see it again for this long. */
export const AD_CLOSE_SECONDS = 24 * 60 * 60;

export function isAdSlot(key: string): key is AdSlotKey {
  return (AD_SLOTS as readonly string[]).includes(key);
}

/** The first-party cookie that remembers a closed slot. */
export function adClosedCookie(slot: AdSlotKey): string {
  return `ad_closed_${slot}`;
}

export class AdService {
  /** The ads running in each slot, re-read every few seconds rather than on every page. */
  private readonly running = new TtlCache<AdSlotKey, Ad[]>(5000, AD_SLOTS.length);

  constructor(
    private readonly repo: AdRepo,
    private readonly random: () => number = Math.random,
  ) {}

  /** One ad for the slot, chosen at random in proportion to its weight; undefined if none runs. */
  async pick(slot: AdSlotKey, now = Date.now()): Promise<Ad | undefined> {
    const ads = (await this.running.getOrLoad(slot, () => this.repo.activeForSlot(slot, now))).filter(
      (a) => a.weight > 0 && (a.ends_at === null || a.ends_at > now),
    );
    const total = ads.reduce((sum, a) => sum + a.weight, 0);
    let roll = this.random() * total;
    for (const ad of ads) {
      roll -= ad.weight;
      if (roll < 0) return ad;
    }
    return ads.at(-1);
  }
}
