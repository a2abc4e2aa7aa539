/** Keywords per article: at most this many, and at least MIN_KEYWORDS when the text has them. */
export const MAX_KEYWORDS = 10;
export const MIN_KEYWORDS = 5;
/** Past the minimum, a term must weigh this share of the top term to be kept. */
const RELATIVE_CUTOFF = 0.25;

export interface Keyword {
  term: string;
  weight: number;
}

export interface Corpus {
  /** Articles counted so far. */
  documents: number;
  /** In how many of them a term occurs (0 when unknown). */
  df(term: string): number;
}

/**
 * Smoothed inverse document frequency: a term in every document still weighs a little,
 * and one never seen weighs most.
 */
export function idf(documents: number, df: number): number {
  return Math.log((1 + documents) / (1 + df)) + 1;
}

/**
 * The 5–10 terms that best tell this article from the corpus, by TF-IDF (term count over
 * the article's term total, times idf). Ties go to the term seen first alphabetically, so
 * the result does not depend on Map order.
 */
export function keywords(counts: Map<string, number>, corpus: Corpus): Keyword[] {
  let total = 0;
  for (const n of counts.values()) total += n;
  if (total === 0) return [];
  // The best MAX_KEYWORDS kept sorted as we go: an article has a few hundred terms, and
  // sorting them all cost more than the rest of the enrich step's arithmetic.
  const best: Keyword[] = [];
  for (const [term, n] of counts) {
    const weight = (n / total) * idf(corpus.documents, corpus.df(term));
    if (best.length === MAX_KEYWORDS && !before(weight, term, best[MAX_KEYWORDS - 1]!)) continue;
    let i = best.length;
    while (i > 0 && before(weight, term, best[i - 1]!)) i--;
    best.splice(i, 0, { term, weight });
    if (best.length > MAX_KEYWORDS) best.pop();
  }
  const top = best[0]!.weight;
  const kept = best.filter((k, i) => i < MIN_KEYWORDS || k.weight >= top * RELATIVE_CUTOFF);
  // Rounded so both databases store and return the same figures.
  return kept.map((k) => ({ term: k.term, weight: Math.round(k.weight * 1e6) / 1e6 }));
}

/** Heavier first; at equal weight, the term first in code-unit order. */
function before(weight: number, term: string, other: Keyword): boolean {
  return weight > other.weight || (weight === other.weight && term < other.term);
}
