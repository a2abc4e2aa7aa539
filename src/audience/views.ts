import { TtlCache } from '../cache/ttl-cache.js';
import type { ArticleRepo } from '../store/repos/articles.js';

// Stored counts are re-read this often, so reads counted by other nodes show up.
const STORED_TTL_MS = 5000;
const STORED_ENTRIES = 50_000;
// Articles per write. On SQLite a write blocks the event loop (~0.1 ms per article on a
// large database), so a busy second's reads are written in slices with requests between.
const WRITE_SLICE = 50;

/**
 * Counts a read when an article page is served. Reads are buffered in memory and written
 * in one transaction about every second, so a page view costs no write; the count shown
 * is the stored one plus what is still buffered. `stop()` writes what is left, so a
 * graceful stop loses nothing; a crash loses at most one interval. Stored counts are kept
 * for a few seconds too, so a page view costs no query either.
 * (The Audience issue adds per-visitor dedupe, bot filtering and Redis across nodes.)
 */
export class ViewCounter {
  private pending = new Map<number, number>();
  /** Taken out of `pending` by a write that has not committed yet. */
  private inFlight = new Map<number, number>();
  /** Stored counts as last read, plus what this process has written since. */
  private readonly stored = new TtlCache<number, number>(STORED_TTL_MS, STORED_ENTRIES);
  private timer: NodeJS.Timeout | undefined;
  /** Writes run one after another. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly articles: ArticleRepo,
    private readonly onError: (err: unknown) => void,
    private readonly flushMs = 1000,
  ) {}

  /** Records one read of an existing article and returns its total; undefined if there is no such article. */
  async record(articleId: number): Promise<number | undefined> {
    const stored = await this.storedCount(articleId);
    if (stored === undefined) return undefined;
    this.pending.set(articleId, (this.pending.get(articleId) ?? 0) + 1);
    this.schedule();
    return stored + this.buffered(articleId);
  }

  /** The total without counting a read (for HEAD requests). */
  async current(articleId: number): Promise<number | undefined> {
    const stored = await this.storedCount(articleId);
    return stored === undefined ? undefined : stored + this.buffered(articleId);
  }

  /** Writes buffered reads now; also the last step of a graceful stop. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const run = this.queue.then(() => this.write());
    this.queue = run.catch(() => {});
    return run;
  }

  private async write(): Promise<void> {
    if (this.pending.size === 0) return;
    this.inFlight = this.pending;
    this.pending = new Map();
    const entries = [...this.inFlight];
    try {
      for (let i = 0; i < entries.length; i += WRITE_SLICE) {
        if (i > 0) await new Promise((resolve) => setImmediate(resolve));
        const slice = new Map(entries.slice(i, i + WRITE_SLICE));
        await this.articles.addViews(slice);
        for (const [id, n] of slice) {
          this.stored.update(id, (count) => count + n);
          this.inFlight.delete(id);
        }
      }
    } catch (err) {
      // Nothing is lost: what was not written goes back into the buffer for the next attempt.
      for (const [id, n] of this.inFlight) this.pending.set(id, (this.pending.get(id) ?? 0) + n);
      this.schedule();
      throw err;
    } finally {
      this.inFlight = new Map();
    }
  }

  private async storedCount(id: number): Promise<number | undefined> {
    const known = this.stored.get(id);
    if (known !== undefined) return known;
    const count = await this.articles.viewCount(id);
    if (count !== undefined) this.stored.set(id, count);
    return count;
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => this.flush().catch(this.onError), this.flushMs).unref();
  }

  private buffered(id: number): number {
    return (this.pending.get(id) ?? 0) + (this.inFlight.get(id) ?? 0);
  }
}
