/**
 * Per-reader frequency caps without storing anything about the reader: how often each
 * capped ad was shown today lives in the reader's own cookie, `DAY_ID-N.ID-N`.
 * Only capped ads are written, so the cookie stays a few bytes.
 */
export const AD_SEEN_COOKIE = 'ad_seen';
const MAX_ENTRIES = 40;

export class SeenAds {
  private readonly counts: Map<number, number>;
  private dirty = false;

  private constructor(
    readonly day: number,
    counts: Map<number, number>,
  ) {
    this.counts = counts;
  }

  /** Today's counts from the cookie; a cookie of another day, or a malformed one, counts nothing. */
  static parse(raw: string | undefined, today: number): SeenAds {
    const counts = new Map<number, number>();
    const parts = (raw ?? '').split('_');
    if (parts.length === 2 && parts[0] === String(today)) {
      for (const entry of parts[1]!.split('.').slice(0, MAX_ENTRIES)) {
        const m = /^(\d{1,10})-(\d{1,4})$/.exec(entry);
        if (m) counts.set(Number(m[1]), Number(m[2]));
      }
    }
    return new SeenAds(today, counts);
  }

  count(adId: number): number {
    return this.counts.get(adId) ?? 0;
  }

  /** Whether the ad may be shown again today under its cap (null: no cap). */
  allows(adId: number, cap: number | null): boolean {
    return cap === null || this.count(adId) < cap;
  }

  record(adId: number, cap: number | null): void {
    if (cap === null) return;
    const n = this.count(adId) + 1;
    // Re-inserted, so the map's order is least recently shown first.
    this.counts.delete(adId);
    this.counts.set(adId, n);
    // Oldest first out, so a reader who saw many capped ads keeps a bounded cookie.
    while (this.counts.size > MAX_ENTRIES) this.counts.delete(this.counts.keys().next().value as number);
    this.dirty = true;
  }

  /** Whether the cookie must be written back. */
  get changed(): boolean {
    return this.dirty;
  }

  toString(): string {
    return `${this.day}_${[...this.counts].map(([id, n]) => `${id}-${n}`).join('.')}`;
  }
}
