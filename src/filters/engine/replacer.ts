/**
 * Word replacement (旧词 → 新词): one literal automaton over all finds, applied in one pass,
 * leftmost-longest, so overlapping finds can't replace inside each other's output.
 * URLs in text, and character references in HTML text, are left alone.
 */
import type { WordReplacement } from '../types.js';
import { Automaton, type Match } from './automaton.js';
import { mapTextNodes } from './html.js';

/** A URL written out in text (readers see it; changing it would break it). Stops at spaces, quotes, brackets and Chinese punctuation. */
const URL_IN_TEXT = /(?:https?:\/\/|ftp:\/\/|www\.)[^\s<>"'，。！？、；：（）【】《》“”]+/gi;
/** A character reference as written in HTML text: &amp; &#39; &#x4e2d; */
const CHARACTER_REFERENCE = /&(?:#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);/gi;

export class Replacer {
  private readonly automaton: Automaton;
  /** replaceWith[i] replaces automaton.words[i]. */
  private readonly replaceWith: string[];

  /** `replacements` in the order they apply: where two have the same find, the first one wins. */
  constructor(replacements: readonly WordReplacement[]) {
    const byFind = new Map<string, string>();
    for (const r of replacements) if (r.enabled && r.find.length > 0 && !byFind.has(r.find)) byFind.set(r.find, r.replace);
    this.automaton = Automaton.build(byFind.keys(), { fold: false });
    this.replaceWith = this.automaton.words.map((w) => byFind.get(w)!);
  }

  get empty(): boolean {
    return this.automaton.empty;
  }

  /** Plain text, such as a title. */
  replaceText(text: string): string {
    return this.replace(text, [URL_IN_TEXT], (s) => s);
  }

  /** HTML: text nodes only; the new words are escaped, so they stay text. */
  replaceHtml(html: string): string {
    if (this.empty) return html;
    return mapTextNodes(html, (text) => this.replace(text, [URL_IN_TEXT, CHARACTER_REFERENCE], escapeText));
  }

  private replace(text: string, protect: RegExp[], escape: (s: string) => string): string {
    if (this.empty) return text;
    const found = this.automaton.leftmostLongest(text);
    if (found.length === 0) return text;
    const kept = dropProtected(text, found, protect);
    let out = '';
    let from = 0;
    for (const m of kept) {
      out += text.slice(from, m.start) + escape(this.replaceWith[m.word]!);
      from = m.end;
    }
    return out + text.slice(from);
  }
}

/** The matches that overlap none of the protected spans. */
function dropProtected(text: string, found: Match[], protect: RegExp[]): Match[] {
  const spans: Array<[number, number]> = [];
  for (const re of protect) for (const m of text.matchAll(re)) spans.push([m.index, m.index + m[0].length]);
  if (spans.length === 0) return found;
  return found.filter((m) => !spans.some(([start, end]) => m.start < end && start < m.end));
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
