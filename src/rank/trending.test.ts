import { describe, expect, it } from 'vitest';
import type { ViewHour } from '../store/repos/recommend.js';
import { HOUR_MS } from './hot-score.js';
import { trendingTerms } from './trending.js';

const NOW = Date.UTC(2026, 10, 27, 12, 30);
const NOW_HOUR = Math.floor(NOW / HOUR_MS);

describe('trending terms', () => {
  const keywords = new Map<number, string[]>([
    [1, ['台风', '福建']],
    [2, ['股市', '央行']],
    [3, ['冷门词']],
    [4, ['2026', '台风']],
  ]);
  const of = (id: number) => keywords.get(id);
  const steady = (articleId: number, perHour: number, fromAge = 0, toAge = 47): ViewHour[] =>
    Array.from({ length: toAge - fromAge + 1 }, (_, i) => ({ article_id: articleId, hour: NOW_HOUR - fromAge - i, views: perHour }));

  it('finds terms whose recent frequency jumps against the previous hours, not steady big ones', () => {
    const hours = [
      ...steady(2, 100), // 股市, 央行: read a lot, always
      ...steady(1, 2, 3, 47), // 台风: a trickle yesterday…
      ...steady(1, 80, 0, 2), // …and a surge now
    ];
    const terms = trendingTerms(hours, [], of, NOW, 10);
    expect(terms.map((t) => t.term)).toEqual(['台风', '福建']);
    expect(terms[0]!.recent).toBe(240);
    expect(terms[0]!.expected).toBeCloseTo((2 * 45 * 3) / 45);
  });

  it('smooths rare terms: a few reads of an unseen term do not outrank a real surge', () => {
    const hours = [...steady(3, 3, 0, 0), ...steady(1, 20, 3, 47), ...steady(1, 200, 0, 2)];
    const terms = trendingTerms(hours, [], of, NOW, 10);
    const names = terms.map((t) => t.term);
    expect(names.indexOf('台风')).toBeLessThan(names.indexOf('冷门词'));
    // Below the minimum of recent activity, a term does not trend at all.
    expect(trendingTerms(steady(3, 2, 0, 0), [], of, NOW, 10)).toEqual([]);
  });

  it('counts newly published articles, and skips numbers', () => {
    const published = [1, 4, 4, 1].map((id, i) => ({ id, published_at: NOW - i * 1000 }));
    const terms = trendingTerms([], published, of, NOW, 10);
    expect(terms.map((t) => t.term)).toEqual(['台风']);
    expect(terms[0]!.recent).toBe(4);
  });
});
