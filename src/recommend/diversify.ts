import type { ArticleFacts } from '../store/repos/recommend.js';

/** In a list of 10: at most 3 items of one category and 2 of one source; shorter lists in proportion, rounded up. */
export const CATEGORY_SHARE = 0.3;
export const SOURCE_SHARE = 0.2;

export function caps(size: number): { perCategory: number; perSource: number } {
  return { perCategory: Math.ceil(size * CATEGORY_SHARE - 1e-9), perSource: Math.ceil(size * SOURCE_SHARE - 1e-9) };
}

type Facts = Pick<ArticleFacts, 'id' | 'story_id' | 'category_id' | 'source_id'>;

/**
 * The best `size` of `ranked` (best first) with one article per story and the caps on
 * categories and sources. Only when the caps leave the list short are they relaxed for the
 * rest (a site with two sources still fills its list); one per story always holds.
 * With `relax` false they never are: the list may come out short.
 */
export function diversify<T extends { articleId: number }>(ranked: T[], factsOf: (id: number) => Facts, size: number, relax = true): T[] {
  const { perCategory, perSource } = caps(size);
  const out: T[] = [];
  const taken = new Set<number>();
  const stories = new Set<number>();
  const byCategory = new Map<number | null, number>();
  const bySource = new Map<number, number>();
  const take = (item: T, f: Facts) => {
    out.push(item);
    taken.add(item.articleId);
    if (f.story_id !== null) stories.add(f.story_id);
    byCategory.set(f.category_id, (byCategory.get(f.category_id) ?? 0) + 1);
    bySource.set(f.source_id, (bySource.get(f.source_id) ?? 0) + 1);
  };
  for (const strict of relax ? [true, false] : [true]) {
    for (const item of ranked) {
      if (out.length >= size) return out;
      if (taken.has(item.articleId)) continue;
      const f = factsOf(item.articleId);
      if (f.story_id !== null && stories.has(f.story_id)) continue;
      if (strict && ((byCategory.get(f.category_id) ?? 0) >= perCategory || (bySource.get(f.source_id) ?? 0) >= perSource)) continue;
      take(item, f);
    }
  }
  return out;
}
