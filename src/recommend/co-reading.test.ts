import { describe, expect, it } from 'vitest';
import { HOUR_MS } from '../rank/hot-score.js';
import type { Read, RecommendRepo } from '../store/repos/recommend.js';
import { CO_READ_DAYS, CoReading } from './co-reading.js';

const NOW = Date.UTC(2026, 10, 27, 12);

/** Only readsPage is used: every read in one page. */
function repoWith(reads: Array<Read & { visitor_id: string }>): RecommendRepo {
  return { readsPage: async () => ({ reads, next: undefined }) } as unknown as RecommendRepo;
}

describe('CoReading', () => {
  it("keeps each visitor's last week of reads as a history, newest first, and the latest readers", async () => {
    let now = NOW;
    const co = new CoReading(
      repoWith([
        { visitor_id: 'a', article_id: 1, read_at: NOW - 3 * HOUR_MS },
        { visitor_id: 'a', article_id: 2, read_at: NOW - HOUR_MS },
        { visitor_id: 'a', article_id: 3, read_at: NOW - (CO_READ_DAYS * 24 + 1) * HOUR_MS },
        { visitor_id: 'b', article_id: 1, read_at: NOW - 2 * HOUR_MS },
      ]),
      () => now,
    );
    expect(co.historyOf('a', 10)).toBeUndefined();
    await co.rebuild();
    // Article 3 was read more than a week ago: not kept.
    expect(co.historyOf('a', 10)).toEqual([
      { article_id: 2, read_at: NOW - HOUR_MS },
      { article_id: 1, read_at: NOW - 3 * HOUR_MS },
    ]);
    expect(co.historyOf('a', 1)).toHaveLength(1);
    expect(co.historyOf('nobody', 10)).toBeUndefined();
    // A read served here joins at once; a read again moves to the front.
    now = NOW + 1000;
    co.add('b', 4);
    now = NOW + 2000;
    co.add('a', 1);
    expect(co.historyOf('b', 10)!.map((r) => r.article_id)).toEqual([4, 1]);
    expect(co.historyOf('a', 10)!.map((r) => r.article_id)).toEqual([1, 2]);
    expect(co.alsoRead(1)).toEqual([
      { article_id: 4, readers: 1 },
      { article_id: 2, readers: 1 },
    ]);
    // The latest readers first.
    expect(co.recentVisitors(10)).toEqual(['a', 'b']);
    expect(co.recentVisitors(1)).toEqual(['a']);
  });
});
