/**
 * Per-paragraph fingerprints: a reprint that drops a paragraph loses 15–30 % of the text,
 * which moves the one SimHash of the whole body by 4–15 bits, far past the distance that
 * keeps same-topic articles apart. Its other paragraphs are still copied word for word, so
 * exact hashes of the paragraphs find it where the SimHash cannot.
 */
import { createHash } from 'node:crypto';
import { compactText } from './normalize.js';

/**
 * Shorter paragraphs (a dateline, a one-line caption, a stock phrase) recur across
 * unrelated articles; from this length on a paragraph is the article's own text.
 */
export const MIN_PARAGRAPH_CHARS = 30;
/** Two articles are one story when they share at least this many paragraphs… */
export const MIN_SHARED_PARAGRAPHS = 2;

/**
 * Hashes (16 hex digits: the first 64 bits of sha256) of the body's paragraphs, given as
 * its lines (one per block, as htmlToText gives them, without the boilerplate) already
 * through normalizeText, so width, case, punctuation and spaces do not count; only those
 * at least MIN_PARAGRAPH_CHARS long, each hash once, in order of first appearance.
 */
export function paragraphHashes(normalizedLines: string[]): string[] {
  const hashes = new Set<string>();
  for (const line of normalizedLines) {
    const compact = compactText(line);
    if (compact.length < MIN_PARAGRAPH_CHARS) continue;
    hashes.add(createHash('sha256').update(compact).digest('hex').slice(0, 16));
  }
  return [...hashes];
}

/**
 * …and more than half of the paragraphs of the article with fewer: a reprint keeps most of
 * its source, while an article that quotes another (a follow-up repeating the background)
 * adds text of its own. Exactly half is not enough: an article quoting two paragraphs of a
 * five-paragraph story would match a four-paragraph reprint of it and chain the two.
 * In `npm run eval -- dedup` every dropped-paragraph reprint keeps all the paragraphs of
 * the shorter text and no same-topic pair shares one, so the eval allows any threshold;
 * this one is the stricter side of the suggested "half".
 */
export function sharesParagraphs(shared: number, paragraphsA: number, paragraphsB: number): boolean {
  return shared >= MIN_SHARED_PARAGRAPHS && 2 * shared > Math.min(paragraphsA, paragraphsB);
}
