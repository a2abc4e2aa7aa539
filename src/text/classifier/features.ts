import { normalizeText } from '../normalize.js';
import { words } from '../segment.js';

/** How much of a text is read. */
export const MAX_CHARS = 2000;

/**
 * What the classifier sees of a text: jieba's words, character bigrams and single
 * characters, each once. Headlines are short, so words alone leave most of them with two
 * or three known features; bigrams and characters catch what jieba cut differently or did
 * not know (names, new words), and on tnews the three together beat any one of them.
 */
export function features(text: string): string[] {
  // A text's start says what it is about; the rest would only cost time (5 MB took 5 s).
  const normalized = normalizeText(text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) : text);
  if (normalized.length === 0) return [];
  const out = new Set<string>();
  for (const w of words(normalized)) out.add(`w:${w}`);
  const compact = normalized.replace(/ /g, '');
  for (let i = 0; i < compact.length; i++) {
    out.add(`c:${compact[i]}`);
    if (i + 1 < compact.length) out.add(`b:${compact.slice(i, i + 2)}`);
  }
  return [...out];
}
