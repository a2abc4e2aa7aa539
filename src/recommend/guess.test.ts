import { describe, expect, it } from 'vitest';
import { kthLargest } from './guess.js';

describe('kthLargest', () => {
  it('is the k-th value of a descending sort, duplicates included', () => {
    // A fixed sequence (an LCG), so a failure repeats.
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 200; round++) {
      const n = 1 + Math.floor(random() * 300);
      // Few distinct values in some rounds: ties are the hard case for a quickselect.
      const distinct = round % 2 === 0 ? 5 : 1e6;
      const xs = Float64Array.from({ length: n }, () => Math.floor(random() * distinct) / 7);
      const sorted = [...xs].sort((a, b) => b - a);
      const k = 1 + Math.floor(random() * n);
      expect(kthLargest(Float64Array.from(xs), k)).toBe(sorted[k - 1]);
    }
  });
});
