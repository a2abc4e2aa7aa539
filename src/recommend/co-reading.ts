import { HOUR_MS } from '../rank/hot-score.js';
import type { Read, RecommendRepo } from '../store/repos/recommend.js';
import { Rebuilt } from '../cache/rebuilt.js';

/** Reads this recent say what readers of an article also read. */
export const CO_READ_DAYS = 7;
/** Rebuilt from the database this often; reads served by this node join at once (add()). */
export const CO_READ_REFRESH_MS = 5 * 60_000;
/** An article's latest readers asked, and the most co-read articles kept. */
const READERS = 200;
const KEPT = 50;
const PAGE = 5000;

interface Built {
  at: number;
  /** Visitor ids as small integers. */
  visitorIndex: Map<string, number>;
  /** Per visitor (by index), the articles read, and when (readAt[v][i] is when reads[v][i] was read). */
  reads: number[][];
  readAt: number[][];
  /** Per article, its readers (by index) with when they read it. */
  readers: Map<number, Array<{ visitor: number; at: number }>>;
}

/**
 * 读过此文的人也在读, from the last week's reads held in memory (a few bytes per read):
 * asking costs a few thousand map lookups instead of a query that walks every co-reader's
 * history. A stale copy serves while the next one is read, in pages, between requests.
 */
export class CoReading {
  private readonly builds = new Rebuilt<Built>(() => this.build());

  constructor(
    private readonly repo: RecommendRepo,
    private readonly now: () => number = Date.now,
    private readonly onError: (err: unknown) => void = () => {},
    private readonly refreshMs = CO_READ_REFRESH_MS,
  ) {}

  /**
   * Other articles read by this article's latest readers, with how many of them read each,
   * most first. Until the first build is done (seconds, at a few hundred thousand reads)
   * there is none: no request waits for it.
   */
  alsoRead(articleId: number): Array<{ article_id: number; readers: number }> {
    const built = this.builds.latest;
    if (!built || this.now() - built.at >= this.refreshMs) this.builds.start().catch(this.onError);
    if (!built) return [];
    const readers = built.readers.get(articleId);
    if (!readers) return [];
    const latest = readers.length > READERS ? [...readers].sort((a, b) => b.at - a.at).slice(0, READERS) : readers;
    const counts = new Map<number, number>();
    for (const { visitor } of latest) {
      for (const other of built.reads[visitor]!) if (other !== articleId) counts.set(other, (counts.get(other) ?? 0) + 1);
    }
    return [...counts]
      .sort((a, b) => b[1] - a[1] || b[0] - a[0])
      .slice(0, KEPT)
      .map(([article_id, n]) => ({ article_id, readers: n }));
  }

  /** A read served by this node: co-reading knows it before the next rebuild. */
  add(visitorId: string, articleId: number): void {
    const built = this.builds.latest;
    if (!built) return;
    let v = built.visitorIndex.get(visitorId);
    if (v === undefined) {
      v = built.reads.length;
      built.visitorIndex.set(visitorId, v);
      built.reads.push([]);
      built.readAt.push([]);
    }
    const now = this.now();
    const known = built.reads[v]!.indexOf(articleId);
    // Read again: the history's time moves on; co-reading counts a reader once.
    if (known >= 0) {
      built.readAt[v]![known] = now;
      return;
    }
    built.reads[v]!.push(articleId);
    built.readAt[v]!.push(now);
    let list = built.readers.get(articleId);
    if (!list) built.readers.set(articleId, (list = []));
    list.push({ visitor: v, at: now });
  }

  /** Up to `limit` visitors of the last CO_READ_DAYS, the latest readers first. */
  recentVisitors(limit: number): string[] {
    const built = this.builds.latest;
    if (!built) return [];
    const latest = built.readAt.map((at) => at.reduce((m, t) => (t > m ? t : m), 0));
    return [...built.visitorIndex]
      .sort((a, b) => latest[b[1]]! - latest[a[1]]!)
      .slice(0, limit)
      .map(([id]) => id);
  }

  /**
   * The visitor's latest reads of the last CO_READ_DAYS, newest first, from memory (no
   * query). Undefined before the first build or for a visitor with no read in that window:
   * ask the database. Older reads are left out: a week-old read weighs a fifth of a new one
   * in a profile, and articles that old are seldom candidates.
   */
  historyOf(visitorId: string, limit: number): Read[] | undefined {
    const built = this.builds.latest;
    const v = built?.visitorIndex.get(visitorId);
    if (built === undefined || v === undefined) return undefined;
    const ids = built.reads[v]!;
    const at = built.readAt[v]!;
    if (ids.length === 0) return undefined;
    const reads = ids.map((article_id, i) => ({ article_id, read_at: at[i]! }));
    return reads.sort((a, b) => b.read_at - a.read_at || b.article_id - a.article_id).slice(0, limit);
  }

  async rebuild(): Promise<void> {
    await this.builds.start();
  }

  private async build(): Promise<Built> {
    const at = this.now();
    const since = at - CO_READ_DAYS * 24 * HOUR_MS;
    const built: Built = { at, visitorIndex: new Map(), reads: [], readAt: [], readers: new Map() };
    let page = await this.repo.readsPage(undefined, PAGE);
    for (;;) {
      for (const r of page.reads) {
        if (r.read_at < since) continue;
        let v = built.visitorIndex.get(r.visitor_id);
        if (v === undefined) {
          v = built.reads.length;
          built.visitorIndex.set(r.visitor_id, v);
          built.reads.push([]);
          built.readAt.push([]);
        }
        built.reads[v]!.push(r.article_id);
        built.readAt[v]!.push(r.read_at);
        let list = built.readers.get(r.article_id);
        if (!list) built.readers.set(r.article_id, (list = []));
        list.push({ visitor: v, at: r.read_at });
      }
      if (!page.next) return built;
      // Requests run between pages: on SQLite each query holds the event loop.
      await new Promise((resolve) => setImmediate(resolve));
      page = await this.repo.readsPage(page.next, PAGE);
    }
  }
}
