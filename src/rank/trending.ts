import type { ViewHour } from '../store/repos/recommend.js';
import { HOUR_MS, WINDOW_HOURS } from './hot-score.js';

/** "The last few hours" whose frequency is compared with the baseline. */
export const RECENT_HOURS = 3;
/**
 * Pseudo-count added to the expected frequency. A term nobody read yesterday and three
 * people read today is a 3-against-0 "jump" of infinite ratio; with the pseudo-count it is
 * 3/√5 ≈ 1.3, while 100 reads against an expected 10 score 90/√15 ≈ 23.
 */
export const SMOOTHING = 5;
/** A term needs this much recent activity to trend at all. */
export const MIN_RECENT = 3;
/** …and this many times its expected frequency. */
export const MIN_LIFT = 2;

export interface TrendingTerm {
  term: string;
  /** Reads (plus newly published articles) carrying the term in the last RECENT_HOURS. */
  recent: number;
  /** What the baseline (the rest of the last 48 h) predicts for RECENT_HOURS. */
  expected: number;
  score: number;
}

/**
 * 热词: keywords whose frequency in the last RECENT_HOURS jumps against the rest of the
 * window. A term's frequency counts each read of an article carrying it (one read per
 * visitor and article per 30 minutes, deduplicated upstream) plus each article carrying
 * it published in that hour, so a story every outlet writes about trends before it is read.
 *
 *   expected = baseline · RECENT_HOURS / baselineHours
 *   score    = (recent − expected) / √(expected + SMOOTHING)
 *
 * a Poisson z-score with a pseudo-count: steady big terms (expected ≈ recent) score ~0,
 * rare terms need several reads to matter.
 */
export function trendingTerms(
  viewHours: ViewHour[],
  published: Array<{ id: number; published_at: number }>,
  keywordsOf: (articleId: number) => readonly string[] | undefined,
  now: number,
  limit: number,
): TrendingTerm[] {
  const nowHour = Math.floor(now / HOUR_MS);
  const recent = new Map<string, number>();
  const baseline = new Map<string, number>();
  const add = (articleId: number, hour: number, n: number) => {
    const age = nowHour - hour;
    if (age < 0 || age >= WINDOW_HOURS) return;
    const into = age < RECENT_HOURS ? recent : baseline;
    for (const term of keywordsOf(articleId) ?? []) into.set(term, (into.get(term) ?? 0) + n);
  };
  for (const vh of viewHours) add(vh.article_id, vh.hour, vh.views);
  for (const a of published) add(a.id, Math.floor(a.published_at / HOUR_MS), 1);

  const baselineHours = WINDOW_HOURS - RECENT_HOURS;
  const out: TrendingTerm[] = [];
  for (const [term, r] of recent) {
    if (r < MIN_RECENT || !isWordLike(term)) continue;
    const expected = ((baseline.get(term) ?? 0) * RECENT_HOURS) / baselineHours;
    if (r < MIN_LIFT * expected) continue;
    out.push({ term, recent: r, expected, score: (r - expected) / Math.sqrt(expected + SMOOTHING) });
  }
  return out.sort((a, b) => b.score - a.score || b.recent - a.recent || (a.term < b.term ? -1 : 1)).slice(0, limit);
}

/** Numbers and single characters are keywords sometimes, but no one searches for "2026" or "的". */
function isWordLike(term: string): boolean {
  return [...term].length >= 2 && !/^[\d.,%]+$/.test(term);
}
