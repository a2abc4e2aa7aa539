import { randomBytes } from 'node:crypto';
import { describeError } from '../errors.js';
import type { Repos } from '../store/repos/index.js';
import type { Source } from '../store/schema.js';
import { retryDelayMs } from './backoff.js';

/** What fetching one source did. */
export interface SourceFetchResult {
  notModified: boolean;
  added: number;
  duplicates: number;
  /** Items whose URL is on the blocklist. */
  blocked: number;
  /** Items the editors' rules dropped, and items stored held for review (absent when the feed was not modified). */
  filtered?: number;
  held?: number;
  etag: string | null;
  lastModified: string | null;
}

export type FetchSource = (source: Source) => Promise<SourceFetchResult>;

export interface SourceRun {
  source: Source;
  result?: SourceFetchResult;
  /** One line, `E_CODE: message`, as stored on the source. */
  error?: string;
}

export interface SchedulerOptions {
  /** Sources fetched at the same time by this worker. */
  concurrency?: number;
  /** How long a claimed source stays this worker's; longer than any fetch can take. */
  leaseMs?: number;
  /** How often a running scheduler looks for due sources. */
  pollMs?: number;
  onRun?: (run: SourceRun) => void;
  now?: () => number;
}

/**
 * Fetches sources when they are due. Each source is leased before it is fetched, so with
 * several workers (processes on PostgreSQL) each source is fetched by one at a time; a
 * crashed worker's lease expires. Success schedules the next fetch one interval later;
 * failure stores the error and backs off.
 */
export class Scheduler {
  private readonly owner = `worker-${randomBytes(4).toString('hex')}`;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<SourceRun[]> | undefined;
  private readonly concurrency: number;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly now: () => number;

  constructor(
    private readonly repos: Repos,
    private readonly fetchSource: FetchSource,
    private readonly options: SchedulerOptions = {},
  ) {
    this.concurrency = options.concurrency ?? 4;
    this.leaseMs = options.leaseMs ?? 5 * 60_000;
    this.pollMs = options.pollMs ?? 30_000;
    this.now = options.now ?? Date.now;
  }

  /** Fetches every source that is due (or, with `onlyIds`, those of them), until none is left. */
  async runDue(onlyIds?: number[]): Promise<SourceRun[]> {
    const runs: SourceRun[] = [];
    for (;;) {
      const batch = await this.repos.sources.claimDue(this.owner, this.now(), this.leaseMs, this.concurrency, onlyIds);
      if (batch.length === 0) return runs;
      runs.push(...(await Promise.all(batch.map((s) => this.runOne(s)))));
    }
  }

  /** Fetches now, whether due or not: every enabled source, or these. */
  async runNow(ids?: number[]): Promise<SourceRun[]> {
    await this.repos.sources.makeDue(this.now(), ids);
    return this.runDue(ids);
  }

  /** Looks for due sources every `pollMs` until stopped. */
  start(onError: (err: unknown) => void): void {
    const tick = () => {
      this.running ??= this.runDue().finally(() => {
        this.running = undefined;
      });
      this.running.catch(onError);
    };
    this.timer = setInterval(tick, this.pollMs);
    this.timer.unref();
    tick();
  }

  /** Stops looking and waits for the fetches under way. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => {});
  }

  private async runOne(source: Source): Promise<SourceRun> {
    let run: SourceRun;
    try {
      const result = await this.fetchSource(source);
      const at = this.now();
      await this.repos.sources.recordFetch(source.id, {
        ok: true,
        at,
        nextAt: at + source.fetch_interval_minutes * 60_000,
        etag: result.etag,
        lastModified: result.lastModified,
      });
      run = { source, result };
    } catch (err) {
      const at = this.now();
      const error = describeError(err);
      await this.repos.sources.recordFetch(source.id, {
        ok: false,
        at,
        nextAt: at + retryDelayMs(source.fetch_interval_minutes, source.error_count + 1),
        error,
      });
      run = { source, error };
    }
    this.options.onRun?.(run);
    return run;
  }
}
