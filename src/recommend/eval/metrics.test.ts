import { describe, expect, it } from 'vitest';
import { hitAt, ndcgAt, RankingScore } from './metrics.js';

describe('ranking metrics', () => {
  it('hit-rate counts a list with any relevant item in its first k', () => {
    expect(hitAt([1, 2, 3], new Set([3]), 3)).toBe(1);
    expect(hitAt([1, 2, 3], new Set([3]), 2)).toBe(0);
    expect(hitAt([], new Set([3]), 10)).toBe(0);
  });

  it('nDCG is 1 for an ideal list, lower the later relevant items come, 0 for none', () => {
    expect(ndcgAt([5, 6, 1], new Set([5, 6]), 10)).toBeCloseTo(1);
    expect(ndcgAt([1, 5], new Set([5]), 10)).toBeCloseTo(1 / Math.log2(3));
    expect(ndcgAt([1, 2, 5], new Set([5, 6]), 10)).toBeCloseTo(1 / 2 / (1 + 1 / Math.log2(3)));
    expect(ndcgAt([1, 2], new Set([5]), 10)).toBe(0);
  });

  it('averages over readers', () => {
    const score = new RankingScore();
    score.add([1], new Set([1]), 10);
    score.add([2], new Set([1]), 10);
    expect(score.readers).toBe(2);
    expect(score.hitRate).toBe(0.5);
    expect(score.meanNdcg).toBe(0.5);
  });
});
