/**
 * Text normalization shared by segmentation, keywords and fingerprints: two copies of a
 * text that differ only in width, case, spacing or punctuation must give the same tokens
 * and the same hashes.
 */

/** Full-width ASCII (U+FF01–U+FF5E) and the ideographic space to their half-width forms. */
export function toHalfWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E\u3000]/g, (c) => (c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0)));
}

// Punctuation, symbols and any kind of space (incl. zero-width and NBSP).
const SEPARATORS = /[\p{P}\p{S}\p{Z}\s\u200B-\u200D\uFEFF]+/gu;

/** Half-width, lower case, each run of punctuation or space one plain space. */
export function normalizeText(text: string): string {
  return toHalfWidth(text).toLowerCase().replace(SEPARATORS, ' ').trim();
}

/** What the exact-duplicate hash is taken of: the normalized text with no spaces at all. */
export function compactText(normalized: string): string {
  return normalized.replace(/ /g, '');
}
