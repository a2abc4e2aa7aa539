import type { Context } from 'hono';
import { setCookie } from 'hono/cookie';
import { adClosedCookie, type AdSlotKey } from '../ads/ads.js';
import { beijingDay, DAY_MS } from '../ads/day.js';
import { AD_SEEN_COOKIE, SeenAds } from '../ads/frequency.js';
import type { TargetedAd } from '../store/repos/ads.js';
import type { WebDeps } from './context.js';
import { requestCookie } from './request-headers.js';

/** The ads of one page for one reader: closed slots skipped, daily caps kept in the reader's cookie. */
export interface ReaderAds {
  one(slot: AdSlotKey): Promise<TargetedAd | undefined>;
  many(slot: AdSlotKey, count: number): Promise<TargetedAd[]>;
  /** Writes the caps cookie back if an ad with a cap was chosen; call before answering. True when it did. */
  commit(): boolean;
}

export function readerAds(c: Context, deps: WebDeps, categoryId: number | null): ReaderAds {
  const now = Date.now();
  const seen = SeenAds.parse(requestCookie(c, AD_SEEN_COOKIE), beijingDay(now));
  const ctx = { categoryId, seen };
  const open = (slot: AdSlotKey) => !requestCookie(c, adClosedCookie(slot));
  return {
    one: async (slot) => (open(slot) ? deps.services.ads.choose(slot, ctx) : undefined),
    many: async (slot, count) => (open(slot) ? deps.services.ads.chooseMany(slot, count, ctx) : []),
    commit() {
      if (!seen.changed) return false;
      // Until the end of this Beijing day: tomorrow's caps start afresh anyway.
      const maxAge = Math.max(60, Math.ceil(((seen.day + 1) * DAY_MS - (now + 8 * 3_600_000)) / 1000));
      setCookie(c, AD_SEEN_COOKIE, seen.toString(), { path: '/', maxAge, httpOnly: true, sameSite: 'Lax', secure: deps.siteUrl.startsWith('https:') });
      return true;
    },
  };
}
