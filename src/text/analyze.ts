import { createHash } from 'node:crypto';
import { stripBoilerplate } from './boilerplate.js';
import { compactText, normalizeText } from './normalize.js';
import { paragraphHashes } from './paragraphs.js';
import { segment, termCounts } from './segment.js';
import { fromHex, type SimHash, simhash } from './simhash.js';

/** What the enrich step computes from an article's text before anything is stored. */
export interface TextAnalysis {
  /** Term → occurrences in title and body. */
  counts: Map<string, number>;
  simhash: SimHash;
  /** sha256 (hex) of the normalized body: equal for texts differing only in width, case, spaces, punctuation. */
  contentHash: string;
  /** Hashes of the body's long paragraphs (paragraphHashes()): what finds a reprint that dropped a paragraph. */
  paragraphs: string[];
  /** The title's and the body's terms in order (segment()): the search index is built from them without segmenting again. */
  titleTerms: string[];
  bodyTerms: string[];
}

/**
 * Terms come from title and body (a title names the subject more often than any body
 * word); the fingerprints from the body alone, since reprints often retitle the story.
 * A body too short to say anything (an excerpt-only feed) falls back to the title.
 */
/** Below this many distinct terms a SimHash is noise (every tiny text lands near every other). */
const MIN_SIMHASH_TERMS = 5;

/** sha256 of nothing: a text with no letters or digits at all is nobody's duplicate. */
export const EMPTY_CONTENT_HASH = createHash('sha256').update('').digest('hex');

export function analyzeText(title: string, body: string): TextAnalysis {
  const normalizedTitle = normalizeText(title);
  // Line by line, for the paragraph hashes; joined, the lines are the normalized body
  // (a line break is a separator like any other), so the text is normalized only once.
  const lines = stripBoilerplate(body).split('\n').map(normalizeText).filter((l) => l !== '');
  const normalizedBody = lines.join(' ');
  const bodyTerms = segment(normalizedBody);
  const titleTerms = segment(normalizedTitle);
  const bodyCounts = termCounts(bodyTerms);
  const counts = new Map(bodyCounts);
  for (const t of titleTerms) counts.set(t, (counts.get(t) ?? 0) + 1);
  const basis = bodyTerms.length > 0 ? bodyCounts : termCounts(titleTerms);
  const compact = compactText(normalizedBody || normalizedTitle);
  const contentHash = createHash('sha256').update(compact).digest('hex');
  return {
    counts,
    // Too few terms to weigh: a hash of the exact text instead, so only exact copies match.
    simhash: basis.size >= MIN_SIMHASH_TERMS ? simhash(basis) : fromHex(contentHash.slice(0, 16)),
    contentHash,
    paragraphs: paragraphHashes(lines),
    titleTerms,
    bodyTerms,
  };
}
