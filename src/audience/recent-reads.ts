/**
 * Which visitor read which article lately, on this node: a bounded map from
 * "visitor:article" to when that read stops deduplicating. Every entry lives as long, so
 * insertion order is expiry order: expired entries are dropped from the front, and when
 * full the oldest goes first (a re-read after that counts again; use Redis at that scale).
 */
export class RecentReads {
  private readonly until = new Map<string, number>();

  constructor(
    private readonly windowMs: number,
    private readonly maxEntries: number,
  ) {}

  /** True when this key was not seen within the window (and marks it seen); false for a repeat. */
  firstIn(key: string, now: number): boolean {
    const until = this.until.get(key);
    if (until !== undefined && until > now) return false;
    this.dropExpired(now);
    if (until !== undefined) this.until.delete(key);
    else if (this.until.size >= this.maxEntries) this.until.delete(this.until.keys().next().value as string);
    this.until.set(key, now + this.windowMs);
    return true;
  }

  /** Forgets a visitor's reads (after they clear their history, their old id is gone anyway). */
  forgetVisitor(visitorId: string): void {
    const prefix = `${visitorId}:`;
    for (const key of this.until.keys()) if (key.startsWith(prefix)) this.until.delete(key);
  }

  get size(): number {
    return this.until.size;
  }

  private dropExpired(now: number): void {
    // A few per call keeps the cost flat; the map never holds more than maxEntries anyway.
    for (let i = 0; i < 4; i++) {
      const first = this.until.entries().next();
      if (first.done || first.value[1] > now) return;
      this.until.delete(first.value[0]);
    }
  }
}
