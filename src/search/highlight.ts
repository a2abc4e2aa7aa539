import { toHalfWidth } from '../text/normalize.js';

/** Characters of body text shown around the first match. */
export const SNIPPET_CHARS = 120;
/** How much of the snippet comes before the first match, so the match has some context. */
const LEAD_CHARS = 24;

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * Finds the query terms in stored text. Terms are normalized (half-width, lower case), so
 * matching runs on the text's half-width form, which has the same length: a full-width
 * ＡＢＣ in an article is found by the term "abc" and marked in place.
 */
export class Highlighter {
  private readonly pattern: RegExp | undefined;

  constructor(terms: string[]) {
    // Longest first, so a term that contains another is marked whole.
    const sorted = [...new Set(terms)].filter(Boolean).sort((a, b) => b.length - a.length);
    this.pattern = sorted.length > 0 ? new RegExp(sorted.map(escapeRegExp).join('|'), 'giu') : undefined;
  }

  /**
   * Safe HTML of the whole text with the terms in <mark>: the text is escaped piece by
   * piece and only our own <mark> tags are added, so stored text is never taken as HTML.
   */
  html(text: string): string {
    if (!this.pattern) return escapeHtml(text);
    const folded = toHalfWidth(text);
    let out = '';
    let at = 0;
    for (const m of folded.matchAll(this.pattern)) {
      const start = m.index;
      const end = start + m[0].length;
      out += `${escapeHtml(text.slice(at, start))}<mark>${escapeHtml(text.slice(start, end))}</mark>`;
      at = end;
    }
    return out + escapeHtml(text.slice(at));
  }

  /**
   * Safe HTML of about SNIPPET_CHARS of the text around its first match (its start when
   * nothing matches), with … where it was cut.
   */
  snippet(text: string): string {
    const flat = text.replace(/\s+/g, ' ');
    let start = 0;
    if (this.pattern) {
      this.pattern.lastIndex = 0;
      const first = toHalfWidth(flat).search(this.pattern);
      if (first > LEAD_CHARS) start = first - LEAD_CHARS;
    }
    start = Math.min(start, Math.max(0, flat.length - SNIPPET_CHARS));
    start = avoidSplitPair(flat, start);
    const end = avoidSplitPair(flat, Math.min(flat.length, start + SNIPPET_CHARS));
    const window = flat.slice(start, end).trim();
    return `${start > 0 ? '…' : ''}${this.html(window)}${end < flat.length ? '…' : ''}`;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** Moves a cut off the low half of a surrogate pair. */
function avoidSplitPair(text: string, at: number): number {
  const c = text.charCodeAt(at);
  return at > 0 && c >= 0xdc00 && c <= 0xdfff ? at - 1 : at;
}
