import { parseHTML } from 'linkedom';

const BLOCKS = 'p,h1,h2,h3,h4,h5,h6,li,blockquote,figcaption,pre,tr,br,div,section';

/** Plain text of an HTML fragment, one line per block, whitespace collapsed. */
export function htmlToText(html: string): string {
  if (!/[<&]/.test(html)) return collapse(html);
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  // Code and styles are not text a reader would see (a hostile title may carry them).
  for (const el of document.body.querySelectorAll('script,style,noscript,template')) el.remove();
  for (const el of document.body.querySelectorAll(BLOCKS)) el.after(document.createTextNode('\n'));
  return collapse(document.body.textContent ?? '');
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
