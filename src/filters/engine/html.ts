/**
 * Just enough of the HTML tokenizer to find the text nodes of collected article HTML
 * (before it is sanitized), so word replacement never touches tags, attribute values
 * (where the URLs are), comments, or the raw text of <script> and <style>.
 * Quoted attribute values may contain ">"; raw-text elements end only at their own end tag.
 */

/** Elements whose content is raw text, not markup or words for readers (the HTML spec's list, plus noscript). */
const RAW_TEXT = new Set(['script', 'style', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript']);

/** Calls `edit` on each run of text between markup (entities as written) and puts back what it returns. */
export function mapTextNodes(html: string, edit: (text: string) => string): string {
  let out = '';
  let text = 0; // start of the pending text run
  let i = html.indexOf('<');
  while (i !== -1) {
    const end = markupEnd(html, i);
    if (end === -1) {
      i = html.indexOf('<', i + 1); // a "<" that starts no markup is text
      continue;
    }
    if (i > text) out += edit(html.slice(text, i));
    out += html.slice(i, end);
    text = end;
    i = html.indexOf('<', end);
  }
  return text < html.length ? out + edit(html.slice(text)) : out;
}

/** Where the markup starting at `html[at] === "<"` ends (exclusive), or -1 when this "<" is text. */
function markupEnd(html: string, at: number): number {
  if (html.startsWith('<!--', at)) return until(html, '-->', at + 4);
  if (html.startsWith('<![CDATA[', at)) return until(html, ']]>', at + 9);
  const next = html[at + 1] ?? '';
  if (next === '!' || next === '?') return until(html, '>', at + 2); // doctype, bogus comment
  const closing = next === '/';
  const nameStart = closing ? at + 2 : at + 1;
  if (!/[A-Za-z]/.test(html[nameStart] ?? '')) return -1;
  let i = nameStart;
  while (i < html.length && !/[\s/>]/.test(html[i]!)) i++;
  const name = html.slice(nameStart, i).toLowerCase();
  const end = tagEnd(html, i);
  if (closing || end === html.length || !RAW_TEXT.has(name) || html[end - 2] === '/') return end;
  // Raw text runs to the matching end tag, which the next round reads as a tag.
  const close = new RegExp(`</${name}[\\s/>]`, 'ig');
  close.lastIndex = end;
  const found = close.exec(html);
  return found ? found.index : html.length;
}

/** The end of a tag whose attributes start at `from`: past the first ">" outside a quoted value. */
function tagEnd(html: string, from: number): number {
  let i = from;
  while (i < html.length) {
    const c = html[i]!;
    if (c === '>') return i + 1;
    if (c === '=') {
      i++;
      while (i < html.length && /\s/.test(html[i]!)) i++;
      const quote = html[i];
      if (quote === '"' || quote === "'") {
        const close = html.indexOf(quote, i + 1);
        if (close === -1) return html.length;
        i = close + 1;
        continue;
      }
      continue;
    }
    i++;
  }
  return html.length;
}

function until(html: string, terminator: string, from: number): number {
  const at = html.indexOf(terminator, from);
  return at === -1 ? html.length : at + terminator.length;
}
