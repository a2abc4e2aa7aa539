import { Parser } from 'htmlparser2';

// Elements that end a line of text.
const BLOCKS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'blockquote', 'figcaption', 'pre', 'tr', 'br', 'div', 'section']);
// Code and styles are not text a reader would see (a hostile title may carry them).
const HIDDEN = new Set(['script', 'style', 'noscript', 'template']);

/**
 * Plain text of an HTML fragment, one line per block, whitespace collapsed. A streaming
 * parse, not a DOM: this runs for every title, summary and body ingested.
 */
export function htmlToText(html: string): string {
  if (!/[<&]/.test(html)) return collapse(html);
  let text = '';
  let hidden = 0;
  const parser = new Parser(
    {
      onopentagname(name) {
        if (HIDDEN.has(name)) hidden++;
      },
      ontext(chunk) {
        if (hidden === 0) text += chunk;
      },
      onclosetag(name) {
        if (HIDDEN.has(name)) hidden = Math.max(0, hidden - 1);
        else if (BLOCKS.has(name)) text += '\n';
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  return collapse(text);
}

function collapse(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/[\s\u3000]+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
}

/** The first image of sanitized HTML, for thumbnails and Open Graph. */
export function firstImage(html: string): string | undefined {
  const m = /<img\b[^>]*\bsrc="([^"]+)"/i.exec(html);
  return m?.[1]?.replace(/&amp;/g, '&');
}

/** A summary of at most `max` characters, cut at a sentence end where one is near. */
export function summarize(text: string, max = 120): string {
  const flat = text.replace(/\n+/g, ' ');
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const end = Math.max(cut.lastIndexOf('。'), cut.lastIndexOf('！'), cut.lastIndexOf('？'));
  return end > max * 0.5 ? cut.slice(0, end + 1) : `${cut}…`;
}
