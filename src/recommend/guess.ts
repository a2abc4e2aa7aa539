import { type HotStory, storyKey } from '../rank/hot-score.js';
import type { ArticleFacts } from '../store/repos/recommend.js';
import type { CandidateView } from './candidate-index.js';
import { diversify } from './diversify.js';
import type { Profile } from './profile.js';

/** Why an item is in 猜你喜欢, shown on its card. */
export type Reason = { kind: 'read'; articleId: number; title: string } | { kind: 'co-read' } | { kind: 'category-hot' } | { kind: 'popular' };

const REASON_TITLE_CHARS = 12;

export function reasonLabel(reason: Reason): string {
  switch (reason.kind) {
    case 'read': {
      const chars = [...reason.title];
      return `因为你读过《${chars.length > REASON_TITLE_CHARS ? `${chars.slice(0, REASON_TITLE_CHARS).join('')}…` : reason.title}》`;
    }
    case 'co-read':
      return '读过此文的人也在读';
    case 'category-hot':
      return '同类热门';
    case 'popular':
      return '大家都在看';
  }
}

/**
 * The blend. A candidate's score is relevance × prior:
 *
 *   relevance = BASE + keywords + CO_READ · coRead + CATEGORY · categoryShare
 *   prior     = freshness · (POPULARITY_FLOOR + heat)
 *
 * keywords: Σ profile weight × article weight over shared terms, scaled so the best
 * candidate has 1; coRead: share of the anchor's co-readers who read it (best = 1);
 * categoryShare: the reader's share of reads in its category; heat: its story's hot score
 * on a log scale (hottest = 1); freshness: 1 / (1 + age/24 h). News is read fresh and read
 * where others read: relevance picks what suits this reader, the prior orders it.
 * The reason is the relevance part that gave most (BASE: 大家都在看; category: 同类热门).
 */
export const BLEND = {
  base: 0.15,
  coRead: 0.8,
  category: 0.6,
  popularityFloor: 0.2,
  freshnessHours: 24,
} as const;
/** Per profile term, the newest articles looked at: a common term's long tail costs time and adds little. */
const SCAN_PER_TERM = 80;
/** Strongest profile categories whose hot stories are candidates. */
const TOP_CATEGORIES = 3;
const HOT_PER_CATEGORY = 30;
const HOT_SITE_WIDE = 100;

export interface GuessInput {
  profile: Profile;
  index: CandidateView;
  /** Facts of articles outside the index (hot and co-read candidates), where known. */
  factsOf: (id: number) => ArticleFacts | undefined;
  hot: readonly HotStory[];
  /** Story key → hot score (see storyKey). */
  heat: ReadonlyMap<number, number>;
  coRead: ReadonlyArray<{ article_id: number; readers: number }>;
  /** Articles already on the page (the one read, other lists), with their stories: never recommended. */
  exclude?: ReadonlyArray<{ id: number; story_id: number | null }>;
  size: number;
  now: number;
}

export interface Guess {
  articleId: number;
  score: number;
  reason: Reason;
}

interface Scored {
  articleId: number;
  facts: ArticleFacts;
  keywords: number;
  best: number;
  from: number | undefined;
  coRead: number;
  score: number;
}

/**
 * 猜你喜欢: candidates from the profile's keywords (in the in-memory index), the anchor's
 * co-readers, the hot stories of the reader's categories and site-wide; blended; one per
 * story, nothing read; at most ceil(30%) from one category and ceil(20%) from one source
 * (3 and 2 in a list of 10). A reader without history gets the hot stories, mixed across
 * categories by the same caps.
 */
export function guess(input: GuessInput): Guess[] {
  const { profile, index, size } = input;
  // Every article met, once: its candidate, or null when it may not be recommended (read,
  // on the page, no facts). A read article turns up in most of the profile's postings.
  const candidates = new Map<number, Scored | null>();
  const scored: Scored[] = [];
  const excludedIds = new Set<number>();
  const excludedStories = new Set<number>();
  for (const a of input.exclude ?? []) {
    excludedIds.add(a.id);
    if (a.story_id !== null) excludedStories.add(a.story_id);
  }
  const candidate = (id: number): Scored | undefined => {
    const known = candidates.get(id);
    if (known !== undefined) return known ?? undefined;
    let c: Scored | null = null;
    if (!profile.readIds.has(id) && !excludedIds.has(id)) {
      const facts = index.get(id)?.facts ?? input.factsOf(id);
      if (facts && (facts.story_id === null || !(profile.readStories.has(facts.story_id) || excludedStories.has(facts.story_id)))) {
        c = { articleId: id, facts, keywords: 0, best: 0, from: undefined, coRead: 0, score: 0 };
        scored.push(c);
      }
    }
    candidates.set(id, c);
    return c ?? undefined;
  };

  for (const [term, pt] of profile.terms) {
    const { ids, weights } = index.postings(term);
    const n = Math.min(ids.length, SCAN_PER_TERM);
    for (let i = 0; i < n; i++) {
      const c = candidate(ids[i]!);
      if (!c) continue;
      const part = pt.weight * weights[i]!;
      c.keywords += part;
      if (part > c.best) {
        c.best = part;
        c.from = pt.from;
      }
    }
  }
  let maxReaders = 0;
  for (const r of input.coRead) if (r.readers > maxReaders) maxReaders = r.readers;
  for (const r of input.coRead) {
    const c = candidate(r.article_id);
    if (c) c.coRead = r.readers / maxReaders;
  }
  const hotSiteWide = Math.min(input.hot.length, HOT_SITE_WIDE);
  for (let i = 0; i < hotSiteWide; i++) candidate(input.hot[i]!.articleId);
  const topCategories = strongest(profile.categories, TOP_CATEGORIES);
  const perCategory = new Map<number, number>();
  let full = 0;
  // The hot list is long (every story of 48 h): stop once each top category has its share.
  for (const s of input.hot) {
    if (full === topCategories.size) break;
    if (s.categoryId === null || !topCategories.has(s.categoryId)) continue;
    const n = perCategory.get(s.categoryId) ?? 0;
    if (n >= HOT_PER_CATEGORY) continue;
    perCategory.set(s.categoryId, n + 1);
    if (n + 1 === HOT_PER_CATEGORY) full++;
    candidate(s.articleId);
  }

  let maxKeywords = 0;
  for (const c of scored) if (c.keywords > maxKeywords) maxKeywords = c.keywords;
  const maxHeat = input.hot[0]?.score ?? 0;
  // Log scale: the hottest story is 1, one a hundredth as hot about 0.15.
  const heatScale = maxHeat / 100;
  const heatTop = Math.log1p(maxHeat / heatScale);
  // The parts of relevance, for the items shown (their reasons); every candidate needs only its score.
  const keywordsOf = (c: Scored) => (maxKeywords > 0 ? c.keywords / maxKeywords : 0);
  const categoryOf = (f: ArticleFacts) => BLEND.category * (f.category_id === null ? 0 : (profile.categories.get(f.category_id) ?? 0));
  // A loop over hundreds of candidates: no object per candidate.
  for (const c of scored) {
    const f = c.facts;
    const relevance = BLEND.base + keywordsOf(c) + BLEND.coRead * c.coRead + categoryOf(f);
    const ageHours = Math.max(0, input.now - f.published_at) / 3_600_000;
    const heat = maxHeat > 0 ? Math.log1p((input.heat.get(storyKey(f)) ?? 0) / heatScale) / heatTop : 0;
    const prior = (BLEND.popularityFloor + heat) / (1 + ageHours / BLEND.freshnessHours);
    c.score = relevance * prior;
  }
  // Reasons only for what is shown: the relevance part that gave most.
  return best(scored, (id) => candidates.get(id)!.facts, size).map((c) => {
    const keywords = keywordsOf(c);
    const coRead = BLEND.coRead * c.coRead;
    let reason: Reason = { kind: 'popular' };
    let best: number = BLEND.base;
    if (keywords > best) [best, reason] = [keywords, readReason(profile, c.from)];
    if (coRead > best) [best, reason] = [coRead, { kind: 'co-read' }];
    if (categoryOf(c.facts) > best) reason = { kind: 'category-hot' };
    return { articleId: c.articleId, score: c.score, reason };
  });
}

/** The `n` keys with the largest shares, ties in the map's order (as a stable sort would have them). */
function strongest(shares: ReadonlyMap<number, number>, n: number): Set<number> {
  const top: Array<[number, number]> = [];
  for (const entry of shares) {
    let at = top.length;
    while (at > 0 && top[at - 1]![1] < entry[1]) at--;
    if (at >= n) continue;
    top.splice(at, 0, entry);
    if (top.length > n) top.pop();
  }
  return new Set(top.map(([id]) => id));
}

/** Candidates sorted before the caps are applied: a few times the list, most lists fill from them. */
const TOP_FACTOR = 6;
const byScore = (a: Scored, b: Scored) => b.score - a.score || b.articleId - a.articleId;

/**
 * diversify(candidates by score, size), without sorting them all (a thousand candidates,
 * the cold path's largest cost): only those scoring at least the TOP_FACTOR·size-th best
 * are sorted. When the caps fill the list from those alone, the result is the full sort's
 * (the caps are applied in order and stop at `size`); otherwise the full sort decides.
 */
function best(scored: Scored[], factsOf: (id: number) => ArticleFacts, size: number): Scored[] {
  const k = size * TOP_FACTOR;
  if (scored.length > k) {
    const scores = new Float64Array(scored.length);
    for (let i = 0; i < scored.length; i++) scores[i] = scored[i]!.score;
    const threshold = kthLargest(scores, k);
    const top = scored.filter((c) => c.score >= threshold).sort(byScore);
    const strict = diversify(top, factsOf, size, false);
    if (strict.length === size) return strict;
  }
  return diversify(scored.sort(byScore), factsOf, size);
}

/** The k-th largest of `xs` (1 ≤ k ≤ length), by quickselect: reorders `xs`, sorts none of it. */
export function kthLargest(xs: Float64Array, k: number): number {
  const target = xs.length - k;
  let lo = 0;
  let hi = xs.length - 1;
  while (lo < hi) {
    const pivot = xs[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (xs[i]! < pivot) i++;
      while (xs[j]! > pivot) j--;
      if (i <= j) {
        const t = xs[i]!;
        xs[i] = xs[j]!;
        xs[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break;
  }
  return xs[target]!;
}

function readReason(profile: Profile, from: number | undefined): Reason {
  const title = from === undefined ? undefined : profile.titles.get(from);
  return from !== undefined && title !== undefined ? { kind: 'read', articleId: from, title } : { kind: 'popular' };
}
