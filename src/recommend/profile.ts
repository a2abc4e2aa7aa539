import type { WeightedTerm } from '../rank/features.js';
import { HOUR_MS } from '../rank/hot-score.js';
import type { ArticleFacts, Read } from '../store/repos/recommend.js';

/** A read's weight in the profile halves every this many hours: interests drift, and a week-old read says less. */
export const HALF_LIFE_HOURS = 72;
/** The profile's strongest terms used to find candidates. */
export const PROFILE_TERMS = 20;

export interface ProfileTerm {
  weight: number;
  /** The read article that gave the term most of its weight: 因为你读过《…》. */
  from: number;
}

/** What a reader's recent reads say they like; shares sum to 1 within each map. */
export interface Profile {
  terms: Map<string, ProfileTerm>;
  categories: Map<number, number>;
  sources: Map<number, number>;
  /** Articles read, and their stories: never recommended again. */
  readIds: Set<number>;
  readStories: Set<number>;
  /** Titles of the articles read, for reasons. */
  titles: Map<number, string>;
  /** The latest read, whose co-readers are asked what else they read. */
  anchor: number | undefined;
  reads: number;
}

export interface ReadFeatures {
  facts: ArticleFacts;
  terms: WeightedTerm[];
}

/**
 * The reader's decayed interest profile: each read adds its keywords (weights sum to 1 per
 * article), its category and its source, weighed 0.5^(age / HALF_LIFE_HOURS).
 * Reads of articles no longer published still exclude those articles, but add no interest.
 */
export function buildProfile(reads: Read[], features: Map<number, ReadFeatures>, now: number): Profile {
  const terms = new Map<string, ProfileTerm & { best: number }>();
  const categories = new Map<number, number>();
  const sources = new Map<number, number>();
  const readIds = new Set<number>();
  const readStories = new Set<number>();
  const titles = new Map<number, string>();
  let anchor: number | undefined;
  let latest = -Infinity;
  let total = 0;
  for (const read of reads) {
    readIds.add(read.article_id);
    const f = features.get(read.article_id);
    if (!f) continue;
    if (f.facts.story_id !== null) readStories.add(f.facts.story_id);
    titles.set(f.facts.id, f.facts.title);
    if (read.read_at > latest) {
      latest = read.read_at;
      anchor = read.article_id;
    }
    const w = Math.pow(0.5, Math.max(0, now - read.read_at) / HOUR_MS / HALF_LIFE_HOURS);
    total += w;
    for (const t of f.terms) {
      const add = w * t.weight;
      const entry = terms.get(t.term);
      if (!entry) terms.set(t.term, { weight: add, from: f.facts.id, best: add });
      else {
        entry.weight += add;
        if (add > entry.best) {
          entry.best = add;
          entry.from = f.facts.id;
        }
      }
    }
    if (f.facts.category_id !== null) categories.set(f.facts.category_id, (categories.get(f.facts.category_id) ?? 0) + w);
    sources.set(f.facts.source_id, (sources.get(f.facts.source_id) ?? 0) + w);
  }
  const strongest = strongestTerms(terms, PROFILE_TERMS);
  const termTotal = strongest.reduce((s, [, t]) => s + t.weight, 0);
  return {
    terms: new Map(strongest.map(([term, t]) => [term, { weight: t.weight / termTotal, from: t.from }])),
    categories: shares(categories, total),
    sources: shares(sources, total),
    readIds,
    readStories,
    titles,
    anchor,
    reads: reads.length,
  };
}

/**
 * The `n` heaviest terms, heaviest first (ties by term): what sorting them all and keeping
 * the first `n` gives, without sorting the hundreds a history has.
 */
function strongestTerms<T extends { weight: number }>(terms: Map<string, T>, n: number): Array<[string, T]> {
  const before = (a: [string, T], b: [string, T]) => a[1].weight > b[1].weight || (a[1].weight === b[1].weight && a[0] < b[0]);
  const top: Array<[string, T]> = [];
  for (const entry of terms) {
    if (top.length === n && !before(entry, top[n - 1]!)) continue;
    let at = top.length;
    while (at > 0 && before(entry, top[at - 1]!)) at--;
    top.splice(at, 0, entry);
    if (top.length > n) top.pop();
  }
  return top;
}

function shares(m: Map<number, number>, total: number): Map<number, number> {
  if (total <= 0) return new Map();
  return new Map([...m].map(([k, v]) => [k, v / total]));
}
