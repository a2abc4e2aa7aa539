import { describe, expect, it } from 'vitest';
import type { ArticleFacts, ViewHour } from '../store/repos/recommend.js';
import { GRAVITY, HOUR_MS, prior, rankStories, sourceBoost, velocity, WINDOW_HOURS } from './hot-score.js';

const NOW = Date.UTC(2026, 10, 27, 12, 30);
const NOW_HOUR = Math.floor(NOW / HOUR_MS);

function facts(id: number, over: Partial<ArticleFacts> = {}): ArticleFacts {
  return { id, title: `文章${id}`, story_id: id, category_id: 1, source_id: 1, published_at: NOW - 2 * HOUR_MS, view_count: 0, story_size: 1, ...over };
}

/** `perHour` reads in each of the hours `fromAge`..`toAge` ago. */
function reads(articleId: number, fromAge: number, toAge: number, perHour: number): ViewHour[] {
  const out: ViewHour[] = [];
  for (let age = fromAge; age <= toAge; age++) out.push({ article_id: articleId, hour: NOW_HOUR - age, views: perHour });
  return out;
}

const byId = (...list: ArticleFacts[]) => new Map(list.map((f) => [f.id, f]));

describe('hot score', () => {
  it('decays reads by gravity over their age, and lifetime reads by the article age', () => {
    expect(velocity([{ age: 0, views: 100 }])).toBeCloseTo(100 / Math.pow(2, GRAVITY));
    expect(velocity([{ age: 0, views: 100 }])).toBeGreaterThan(velocity([{ age: 1, views: 100 }]));
    expect(velocity([{ age: 24, views: 100 }])).toBeLessThan(velocity([{ age: 0, views: 1 }]));
    expect(prior(1000, 10)).toBeLessThan(prior(1000, 1));
    expect(sourceBoost(1)).toBe(1);
    expect(sourceBoost(4)).toBe(2);
  });

  it('ranks a fresh, fast-read story above an old, heavily read one', () => {
    const old = facts(1, { published_at: NOW - 41 * HOUR_MS, view_count: 10_005 });
    const fresh = facts(2, { published_at: NOW - 3 * HOUR_MS, view_count: 450 });
    // 10,000 reads 30–40 hours ago and a trickle now, against 150 an hour for the last three hours.
    const hours = [...reads(1, 30, 39, 1000), ...reads(1, 0, 0, 5), ...reads(2, 0, 2, 150)];
    const ranked = rankStories(hours, byId(old, fresh), NOW);
    expect(ranked.map((s) => s.articleId)).toEqual([2, 1]);
    expect(ranked[0]!.score).toBeGreaterThan(2 * ranked[1]!.score);
  });

  it('boosts a story by how many media carry it', () => {
    const alone = facts(1, { story_size: 1 });
    const carried = facts(2, { story_size: 4 });
    const ranked = rankStories([...reads(1, 0, 3, 100), ...reads(2, 0, 3, 100)], byId(alone, carried), NOW);
    expect(ranked.map((s) => s.articleId)).toEqual([2, 1]);
    expect(ranked[0]!.score / ranked[1]!.score).toBeCloseTo(2);
    expect(ranked[0]!.media).toBe(4);
  });

  it("sums a story's articles and lets its most read article stand for it", () => {
    const original = facts(1, { story_id: 7, view_count: 10, published_at: NOW - 5 * HOUR_MS, story_size: 2 });
    const reprint = facts(2, { story_id: 7, view_count: 90, category_id: 3, story_size: 2 });
    const other = facts(3, { story_id: 8, view_count: 60 });
    const ranked = rankStories([...reads(1, 0, 0, 40), ...reads(2, 0, 0, 40), ...reads(3, 0, 0, 60)], byId(original, reprint, other), NOW);
    expect(ranked.map((s) => s.key)).toEqual([7, 8]);
    expect(ranked[0]).toMatchObject({ articleId: 2, categoryId: 3, publishedAt: NOW - 5 * HOUR_MS });
  });

  it('leaves out articles it has no facts of (not published) and reads outside the window', () => {
    const shown = facts(1, { published_at: NOW - 30 * 24 * HOUR_MS });
    const ranked = rankStories([...reads(1, WINDOW_HOURS, WINDOW_HOURS + 5, 1000), ...reads(1, 0, 0, 1), ...reads(2, 0, 0, 1000)], byId(shown), NOW);
    expect(ranked).toHaveLength(1);
    expect(ranked[0]!.score).toBeCloseTo(velocity([{ age: 0, views: 1 }]));
  });

  it('orders stories nobody reads now by their lifetime reads and age (the prior)', () => {
    const a = facts(1, { view_count: 500, published_at: NOW - 5 * HOUR_MS });
    const b = facts(2, { view_count: 5000, published_at: NOW - 5 * HOUR_MS });
    const stale = facts(3, { view_count: 1_000_000, published_at: NOW - 8 * 24 * HOUR_MS });
    const ranked = rankStories([], byId(a, b, stale), NOW);
    expect(ranked.map((s) => s.articleId)).toEqual([2, 1]);
  });
});
