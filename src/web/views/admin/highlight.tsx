import type { Child } from 'hono/jsx';
import { parseHTML } from 'linkedom';
import { normalize as fold } from '../../../filters/engine/index.js';

/**
 * Marks the words a rule or list matched, for the review queue. Highlighting works on text
 * only: plain text goes through JSX (escaped like any string), and article HTML is walked
 * text node by text node in a DOM, so nothing from the article is ever pasted into markup.
 */

/** Where the terms occur in a text: [start, end) ranges, left to right, the longest term winning at each place. */
export function matchRanges(text: string, terms: readonly string[]): Array<[number, number]> {
  const byFirst = new Map<string, string[]>();
  for (const term of new Set(terms.map(fold))) {
    if (!term.trim()) continue;
    const list = byFirst.get(term[0]!) ?? [];
    list.push(term);
    byFirst.set(term[0]!, list);
  }
  if (byFirst.size === 0) return [];
  for (const list of byFirst.values()) list.sort((a, b) => b.length - a.length);
  const hay = fold(text);
  const ranges: Array<[number, number]> = [];
  for (let i = 0; i < hay.length; ) {
    const hit = byFirst.get(hay[i]!)?.find((t) => hay.startsWith(t, i));
    if (hit) {
      ranges.push([i, i + hit.length]);
      i += hit.length;
    } else i++;
  }
  return ranges;
}

/** Plain text with the terms in <mark>. */
export function Highlighted({ text, terms }: { text: string; terms: readonly string[] }) {
  const parts: Child[] = [];
  let at = 0;
  for (const [start, end] of matchRanges(text, terms)) {
    if (start > at) parts.push(text.slice(at, start));
    parts.push(<mark>{text.slice(start, end)}</mark>);
    at = end;
  }
  if (at < text.length) parts.push(text.slice(at));
  return <>{parts}</>;
}

/** A piece of a long text that shows the first match (the text's start when nothing matches). */
export function excerptAround(text: string, terms: readonly string[], max = 160): string {
  const first = matchRanges(text, terms)[0];
  if (text.length <= max) return text;
  const start = first && first[0] > max - 40 ? Math.max(0, first[0] - 40) : 0;
  return `${start > 0 ? '…' : ''}${text.slice(start, start + max)}…`;
}

/**
 * A queue row's excerpt: around the first matched word in the text, so an editor sees why
 * an item waits without opening it; the summary when no word matched in the text (a title
 * match, or a source that requires review).
 */
export function queueExcerpt(summary: string, text: string, terms: readonly string[]): string {
  return excerptAround(matchRanges(text, terms).length > 0 ? text : summary, terms);
}

const SKIP = new Set(['SCRIPT', 'STYLE', 'TEXTAREA', 'TITLE']);

/**
 * Sanitized article HTML with the terms in <mark>, inside text nodes only: tags,
 * attributes and URLs are never touched. The result is serialized by the DOM.
 */
export function highlightHtml(html: string, terms: readonly string[]): string {
  if (!terms.some((t) => t.trim())) return html;
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  const walk = (node: Node) => {
    for (const child of [...node.childNodes]) {
      if (child.nodeType === 1 && !SKIP.has((child as Element).tagName)) walk(child);
      else if (child.nodeType === 3) mark(child as Text);
    }
  };
  const mark = (node: Text) => {
    const text = node.data;
    const ranges = matchRanges(text, terms);
    if (ranges.length === 0) return;
    const parts: Node[] = [];
    let at = 0;
    for (const [start, end] of ranges) {
      if (start > at) parts.push(document.createTextNode(text.slice(at, start)));
      const m = document.createElement('mark');
      m.textContent = text.slice(start, end);
      parts.push(m);
      at = end;
    }
    if (at < text.length) parts.push(document.createTextNode(text.slice(at)));
    for (const part of parts) node.parentNode!.insertBefore(part, node);
    node.remove();
  };
  walk(document.body);
  return document.body.innerHTML;
}
