import { describe, expect, it } from 'vitest';
import { idf, keywords, MAX_KEYWORDS, MIN_KEYWORDS } from './keywords.js';

const corpus = (documents: number, df: Record<string, number>) => ({ documents, df: (t: string) => df[t] ?? 0 });

describe('keywords', () => {
  it('weighs rare terms above common ones at equal counts', () => {
    expect(idf(100, 1)).toBeGreaterThan(idf(100, 50));
    expect(idf(100, 100)).toBeGreaterThan(0);
    const counts = new Map([
      ['经济', 3],
      ['芯片', 3],
      ['发展', 3],
    ]);
    const top = keywords(counts, corpus(1000, { 经济: 400, 芯片: 3, 发展: 900 }));
    expect(top.map((k) => k.term)).toEqual(['芯片', '经济', '发展']);
  });

  it('keeps between 5 and 10 terms when the text has them, dropping the long tail', () => {
    const many = new Map(Array.from({ length: 40 }, (_, i) => [`词${String(i).padStart(2, '0')}`, i === 0 ? 30 : 1]));
    const picked = keywords(many, corpus(10, {}));
    expect(picked.length).toBe(MIN_KEYWORDS);
    expect(picked[0]!.term).toBe('词00');
    const even = new Map(Array.from({ length: 40 }, (_, i) => [`词${String(i).padStart(2, '0')}`, 2]));
    expect(keywords(even, corpus(10, {})).length).toBe(MAX_KEYWORDS);
    expect(keywords(new Map([['唯一', 1]]), corpus(1, { 唯一: 1 })).length).toBe(1);
    expect(keywords(new Map(), corpus(1, {}))).toEqual([]);
  });

  it('breaks ties by term, so the choice does not depend on insertion order', () => {
    const a = keywords(new Map(['乙', '甲', '丙'].map((t) => [`${t}方`, 1])), corpus(5, {}));
    const b = keywords(new Map(['丙', '甲', '乙'].map((t) => [`${t}方`, 1])), corpus(5, {}));
    expect(a).toEqual(b);
  });
});
