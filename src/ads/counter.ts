import type { AdDailyDelta, AdRepo } from '../store/repos/ads.js';
import { beijingDay } from './day.js';

export type AdEvent = 'impressions' | 'clicks' | 'closes';

/**
 * Impressions, clicks and closes per ad and day, buffered in memory and written about every
 * second in one statement, like read counts: serving an ad costs no write. A failed write
 * puts its counts back for the next attempt; `flush()` on a graceful stop loses nothing.
 */
export class AdCounter {
  private pending = new Map<string, AdDailyDelta>();
  private timer: NodeJS.Timeout | undefined;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly repo: Pick<AdRepo, 'addDaily'>,
    private readonly onError: (err: unknown) => void,
    private readonly flushMs = 1000,
    private readonly now: () => number = Date.now,
  ) {}

  add(adId: number, event: AdEvent, n = 1): void {
    const day = beijingDay(this.now());
    const key = `${adId}:${day}`;
    let row = this.pending.get(key);
    if (!row) this.pending.set(key, (row = { ad_id: adId, day, impressions: 0, clicks: 0, closes: 0 }));
    row[event] += n;
    this.timer ??= setTimeout(() => this.flush().catch(this.onError), this.flushMs).unref();
  }

  /** Counts not yet written, for tests and /metrics. */
  get buffered(): number {
    let n = 0;
    for (const r of this.pending.values()) n += r.impressions + r.clicks + r.closes;
    return n;
  }

  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const run = this.queue.then(() => this.write());
    this.queue = run.catch(() => {});
    return run;
  }

  private async write(): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    try {
      await this.repo.addDaily([...batch.values()]);
    } catch (err) {
      for (const [key, row] of batch) {
        const now = this.pending.get(key);
        if (!now) this.pending.set(key, row);
        else {
          now.impressions += row.impressions;
          now.clicks += row.clicks;
          now.closes += row.closes;
        }
      }
      this.timer ??= setTimeout(() => this.flush().catch(this.onError), this.flushMs).unref();
      throw err;
    }
  }
}
