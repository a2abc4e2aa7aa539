import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Jieba } from '@node-rs/jieba';
import { isStopword } from './stopwords.js';

let jieba: Jieba | undefined;

/**
 * The dictionary ships inside the package (no download). Loading it takes ~200 ms, so once
 * per process and on first use; read directly, because the package's dict.js also reads a
 * 6 MB IDF table we do not use.
 */
function segmenter(): Jieba {
  jieba ??= Jieba.withDict(readFileSync(createRequire(import.meta.url).resolve('@node-rs/jieba/dict.txt')));
  return jieba;
}

// A token worth keeping has a letter in it (CJK counts); numbers alone say little.
const HAS_LETTER = /\p{L}/u;

/**
 * Content terms of a normalized text (see normalizeText), in order: jieba's words without
 * stopwords, single characters and pure numbers. Single Chinese characters are left out
 * because almost all of them are particles or fragments of words jieba did not know.
 */
export function segment(normalized: string): string[] {
  if (normalized.length === 0) return [];
  return contentTerms(segmenter().cut(normalized, true));
}

/**
 * Terms for the search index: like segment(), but in jieba's search mode, which also
 * emits the dictionary words inside a long word (中华人民共和国 → 中华, 人民, 共和国, …),
 * so a query for a part finds the whole.
 */
export function segmentForSearch(normalized: string): string[] {
  if (normalized.length === 0) return [];
  return contentTerms(segmenter().cutForSearch(normalized, true));
}

/**
 * Every word jieba cuts a normalized text into, stopwords and single characters
 * included: the text classifier learns from them (的 or 称 can tell a category).
 */
export function words(normalized: string): string[] {
  if (normalized.length === 0) return [];
  return segmenter().cut(normalized, true).filter((w) => w !== ' ');
}

function contentTerms(words: string[]): string[] {
  const out: string[] = [];
  for (const word of words) {
    if (word.length < 2) continue;
    // Most words are Chinese: a CJK first character settles "has a letter" without the regex.
    const first = word.charCodeAt(0);
    if ((first >= 0x4e00 && first <= 0x9fff) || HAS_LETTER.test(word)) {
      if (!isStopword(word)) out.push(word);
    }
  }
  return out;
}

/** How often each term occurs. */
export function termCounts(terms: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const t of terms) counts.set(t, (counts.get(t) ?? 0) + 1);
  return counts;
}
