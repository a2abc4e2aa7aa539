import type { TextAnalysis } from '../text/analyze.js';
import { analyzeText } from '../text/analyze.js';
import { normalizeText } from '../text/normalize.js';
import { segment, segmentForSearch } from '../text/segment.js';
import type { SearchDocument } from './search-index.js';

/** Longer queries are cut here: no one types more, and every term costs a doclist scan. */
export const MAX_QUERY_CHARS = 100;
/** Terms past this many are dropped; each one narrows the result (they are ANDed). */
export const MAX_QUERY_TERMS = 8;
/**
 * Only the start of a body is indexed: it says what the article is about, and a 5 MB text
 * must not make one index row (and one ingest) as heavy as a thousand articles.
 */
export const MAX_INDEXED_BODY_TERMS = 5_000;
/** Snippets are cut from this much of the text at most (about what MAX_INDEXED_BODY_TERMS covers). */
export const MAX_SNIPPET_SOURCE_CHARS = 20_000;

/** What the index stores for an article: its title and body as space-separated search terms. */
export interface IndexedText {
  title: string;
  body: string;
}

/**
 * The index entry of an analyzed article. The enrich step has already segmented title and
 * body (analyzeText, precise mode, boilerplate stripped), so ingest segments once.
 */
export function searchDocument(id: number, analysis: Pick<TextAnalysis, 'titleTerms' | 'bodyTerms'>): SearchDocument {
  return { id, titleTerms: analysis.titleTerms, bodyTerms: analysis.bodyTerms };
}

/** The index entry of an article from its plain title and text (for re-publishing, and benchmarks). */
export function searchDocumentOf(id: number, title: string, body: string): SearchDocument {
  return searchDocument(id, analyzeText(title, body));
}

/**
 * Title and body terms joined by spaces, each long word followed by the dictionary words
 * inside it (jieba's search mode: 中华人民共和国 → 中华, 人民, 共和国, …), so a query for
 * a part finds the whole. The indexes' tokenizers (FTS5 unicode61, PostgreSQL `simple`)
 * then split on those spaces, since normalization already turned punctuation into spaces.
 */
export function indexedText(doc: SearchDocument): IndexedText {
  return { title: withParts(doc.titleTerms), body: withParts(doc.bodyTerms.slice(0, MAX_INDEXED_BODY_TERMS)) };
}

/** Sub-words of long words, remembered: the same words come back in article after article. */
const parts = new Map<string, string[]>();
const MAX_REMEMBERED = 100_000;

function withParts(terms: string[]): string {
  const out: string[] = [];
  for (const term of terms) {
    // Search mode only splits words of three or more characters.
    if (term.length > 2) {
      let sub = parts.get(term);
      if (!sub) {
        sub = segmentForSearch(term).filter((t) => t !== term);
        if (parts.size >= MAX_REMEMBERED) parts.clear();
        parts.set(term, sub);
      }
      out.push(...sub);
    }
    out.push(term);
  }
  return out.join(' ');
}

/**
 * The terms of a reader's query: whatever they typed (quotes, AND, NOT, `*`, `-`,
 * `NEAR(`, SQL) is text, never syntax. It is normalized and segmented like the documents
 * (precise mode: the index also holds each long word's parts, so the whole word matches),
 * each distinct term kept once, at most MAX_QUERY_TERMS. No terms (only punctuation,
 * stopwords, single characters, emoji) means no search.
 */
export function queryTerms(raw: string): string[] {
  const terms = new Set(segment(normalizeText(cutAt(raw, MAX_QUERY_CHARS))));
  return [...terms].slice(0, MAX_QUERY_TERMS);
}

/** The first `max` UTF-16 units, not splitting a surrogate pair. */
export function cutAt(text: string, max: number): string {
  if (text.length <= max) return text;
  const last = text.charCodeAt(max - 1);
  return text.slice(0, last >= 0xd800 && last <= 0xdbff ? max - 1 : max);
}
