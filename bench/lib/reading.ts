// Readers for a seeded bench database (bench/lib/seed.ts): keywords for every article (by
// topic, so articles of a category share terms), visitors with reading histories leaning
// to a couple of categories, and the hourly read counts those reads make. Written straight
// through better-sqlite3 in big transactions, as seed.ts does for articles.
import SQLite from 'better-sqlite3';
import { rng } from './corpus.js';

export interface ReadingOptions {
  file: string;
  visitors: number;
  /** Mean reads per visitor (each gets between a few and twice this). */
  readsPerVisitor: number;
  /** The visitor ids to give histories to (e.g. ids signed for cookies); generated when absent. */
  visitorIds?: string[];
  seed?: number;
  now?: number;
}

export interface SeededReading {
  visitorIds: string[];
  keywords: number;
  reads: number;
  viewHours: number;
  ms: number;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const TERMS_PER_TOPIC = 400;
const SHARED_TERMS = 2000;
const KEYWORDS_PER_ARTICLE = 7;
/** Reads fall on the last two weeks, most on the last two days (hot scores see 48 h). */
const READ_DAYS = 14;

export function seedReading(options: ReadingOptions): SeededReading {
  const started = performance.now();
  const { file, visitors, readsPerVisitor, seed = 3, now = Date.now() } = options;
  const random = rng(seed);
  const db = new SQLite(file);
  try {
    db.pragma('synchronous = OFF');
    const articles = db
      .prepare<[], { id: number; category_id: number | null; published_at: number }>(
        "SELECT id, category_id, published_at FROM articles WHERE status = 'published' ORDER BY published_at",
      )
      .all();
    // Terms: per category a vocabulary of its own, plus terms any article may carry; a
    // Zipf-like pick so some terms are common and most are rare, as real keywords are.
    const zipf = (n: number) => Math.min(n - 1, Math.floor(Math.pow(random(), 2.2) * n));
    const insertKeyword = db.prepare('INSERT OR IGNORE INTO article_keywords (article_id, term, weight) VALUES (?, ?, ?)');
    let keywords = 0;
    db.transaction(() => {
      for (const a of articles) {
        const topic = a.category_id ?? 0;
        for (let k = 0; k < KEYWORDS_PER_ARTICLE; k++) {
          const term = k < 5 ? `话题${topic}词${zipf(TERMS_PER_TOPIC)}` : `通用词${zipf(SHARED_TERMS)}`;
          insertKeyword.run(a.id, term, Math.round((0.3 - k * 0.03) * 1e6) / 1e6);
          keywords++;
        }
      }
    })();

    // Visitors read mostly recent articles of their two favourite categories, some anything.
    const recentFrom = articles.findIndex((a) => a.published_at >= now - READ_DAYS * DAY_MS);
    const recent = articles.slice(Math.max(0, recentFrom));
    const byCategory = new Map<number, typeof recent>();
    for (const a of recent) {
      const c = a.category_id ?? 0;
      byCategory.set(c, [...(byCategory.get(c) ?? []), a]);
    }
    const categories = [...byCategory.keys()];
    const ids = options.visitorIds ?? Array.from({ length: visitors }, (_, i) => `bench-visitor-${i}`);
    const insertRead = db.prepare('INSERT OR IGNORE INTO visitor_reads (visitor_id, article_id, read_at) VALUES (?, ?, ?)');
    const hours = new Map<string, number>();
    let reads = 0;
    db.transaction(() => {
      for (const visitor of ids.slice(0, visitors)) {
        const favourite = [categories[Math.floor(random() * categories.length)]!, categories[Math.floor(random() * categories.length)]!];
        const n = 3 + Math.floor(random() * (2 * readsPerVisitor - 3));
        for (let i = 0; i < n; i++) {
          const pool = random() < 0.8 ? byCategory.get(favourite[i % 2]!)! : recent;
          // Newer articles are read more: skew the pick to the end of the (time-ordered) pool.
          const a = pool[Math.min(pool.length - 1, Math.floor(Math.pow(random(), 0.3) * pool.length))]!;
          const at = Math.min(now - 1000, a.published_at + Math.floor(random() * 2 * DAY_MS));
          if (insertRead.run(visitor, a.id, at).changes === 0) continue;
          reads++;
          const key = `${a.id}:${Math.floor(at / HOUR_MS)}`;
          hours.set(key, (hours.get(key) ?? 0) + 1);
        }
      }
    })();
    const insertHour = db.prepare('INSERT INTO article_view_hours (article_id, hour, views) VALUES (?, ?, ?)');
    db.transaction(() => {
      for (const [key, views] of hours) {
        const [article, hour] = key.split(':').map(Number) as [number, number];
        insertHour.run(article, hour, views);
      }
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
    return { visitorIds: ids.slice(0, visitors), keywords, reads, viewHours: hours.size, ms: performance.now() - started };
  } finally {
    db.close();
  }
}
