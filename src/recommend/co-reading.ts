import { HOUR_MS } from '../rank/hot-score.js';
import type { RecommendRepo } from '../store/repos/recommend.js';

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
  /** Per visitor (by index), the articles read. */
  reads: number[][];
  /** Per article, its readers (by index) with when they read it. */
  readers: Map<number, Array<{ visitor: number; at: number }>>;
}

/**
 * 读过此文的人也在读, from the last week's reads held in memory (a few bytes per read):
 * asking costs a few thousand map lookups instead of a query that walks every co-reader's
 * history. A stale copy serves while the next one is read, in pages, between requests.
 */
export class CoReading {
  private built: Built | undefined;
  private running: Promise<Built> | undefined;

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
    const built = this.built;
    if (!built || this.now() - built.at >= this.refreshMs) this.start().catch(this.onError);
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
    const built = this.built;
    if (!built) return;
    let v = built.visitorIndex.get(visitorId);
    if (v === undefined) {
      v = built.reads.length;
      built.visitorIndex.set(visitorId, v);
      built.reads.push([]);
    }
    if (built.reads[v]!.includes(articleId)) return;
    built.reads[v]!.push(articleId);
    let list = built.readers.get(articleId);
    if (!list) built.readers.set(articleId, (list = []));
    list.push({ visitor: v, at: this.now() });
  }

  async rebuild(): Promise<void> {
    await this.start();
  }

  private start(): Promise<Built> {
    this.running ??= this.build().then(
      (built) => {
        this.built = built;
        this.running = undefined;
        return built;
      },
      (err) => {
        this.running = undefined;
        throw err;
      },
    );
    return this.running;
  }

  private async build(): Promise<Built> {
    const at = this.now();
    const since = at - CO_READ_DAYS * 24 * HOUR_MS;
    const built: Built = { at, visitorIndex: new Map(), reads: [], readers: new Map() };
    let page = await this.repo.readsPage(undefined, PAGE);
    for (;;) {
      for (const r of page.reads) {
        if (r.read_at < since) continue;
        let v = built.visitorIndex.get(r.visitor_id);
        if (v === undefined) {
          v = built.reads.length;
          built.visitorIndex.set(r.visitor_id, v);
          built.reads.push([]);
        }
        built.reads[v]!.push(r.article_id);
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
