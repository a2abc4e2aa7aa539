import { describe, expect, it } from 'vitest';
import { caps, diversify } from './diversify.js';

type F = { id: number; story_id: number | null; category_id: number | null; source_id: number };

describe('diversify', () => {
  it('allows 3 per category and 2 per source in 10, proportionally fewer in shorter lists', () => {
    expect(caps(10)).toEqual({ perCategory: 3, perSource: 2 });
    expect(caps(6)).toEqual({ perCategory: 2, perSource: 2 });
    expect(caps(5)).toEqual({ perCategory: 2, perSource: 1 });
  });

  it('keeps one article per story and the caps, then relaxes the caps only to fill the list', () => {
    // 30 articles: ids 1..30, category = id % 2 (two categories), source = id % 5, story = ceil(id / 2).
    const facts = new Map<number, F>();
    for (let id = 1; id <= 30; id++) facts.set(id, { id, story_id: Math.ceil(id / 2), category_id: id % 2, source_id: id % 5 });
    const ranked = [...facts.keys()].map((articleId) => ({ articleId }));
    const list = diversify(ranked, (id) => facts.get(id)!, 10);
    expect(list).toHaveLength(10);
    const picked = list.map((i) => facts.get(i.articleId)!);
    expect(new Set(picked.map((f) => f.story_id)).size).toBe(10);
    // Two categories cannot fill 10 at 3 each: the first 6 respect the caps, the rest fill in order.
    const strict = picked.slice(0, 6);
    for (const cat of [0, 1]) expect(strict.filter((f) => f.category_id === cat)).toHaveLength(3);
    for (let s = 0; s < 5; s++) expect(strict.filter((f) => f.source_id === s).length).toBeLessThanOrEqual(2);
    // Without relaxing, the list stops where the caps do.
    expect(diversify(ranked, (id) => facts.get(id)!, 10, false)).toEqual(list.slice(0, 6));
  });

  it('with enough variety, holds the caps over the whole list', () => {
    const facts = new Map<number, F>();
    for (let id = 1; id <= 100; id++) facts.set(id, { id, story_id: id, category_id: id % 7, source_id: id % 11 });
    // Ranked so that category 0 and source 0 lead: a naive top 10 would be all one category.
    const ranked = [...facts.keys()].sort((a, b) => (a % 7) - (b % 7) || a - b).map((articleId) => ({ articleId }));
    const picked = diversify(ranked, (id) => facts.get(id)!, 10).map((i) => facts.get(i.articleId)!);
    expect(picked).toHaveLength(10);
    for (let c = 0; c < 7; c++) expect(picked.filter((f) => f.category_id === c).length).toBeLessThanOrEqual(3);
    for (let s = 0; s < 11; s++) expect(picked.filter((f) => f.source_id === s).length).toBeLessThanOrEqual(2);
  });
});
