// Between a headline and the site or channel name. Hyphens and bars need spaces around
// them so that "COVID-19" or "A|B测试" are not split; CJK sites use "_" and "|" bare.
const SEPARATOR = /\s*(?:_|\||｜|——|\s[-–—·]\s|\s::\s|\s@\s)\s*/g;

// A segment after a separator that names a site: short, and ends like a site name.
// "的" marks a phrase ("一位老报人的新闻"), which is a subtitle, not a name.
const SITE_NAME = /^[^的\s，。：？！、]{2,8}$/;
const SITE_NAME_END = /(?:网|站|新闻|报|周刊|频道|在线|客户端|门户|APP|\.com|\.cn|\.net)$/i;
// Channel segments sit between headline and site name: "标题_科技_腾讯网".
const MAX_CHANNEL_CHARS = 6;
// Cutting never leaves less than this; a heading must be this long to count as agreeing.
const MIN_HEADLINE_CHARS = 2;
const MIN_AGREEING_CHARS = 4;

export interface Title {
  title: string;
  /** The site name cut from the title, when one was. */
  siteName?: string;
}

interface Segment {
  text: string;
  /** The separator before this segment ('' for the first). */
  separator: string;
}

function segments(raw: string): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  let separator = '';
  for (const m of raw.matchAll(SEPARATOR)) {
    out.push({ text: raw.slice(last, m.index), separator });
    separator = m[0].trim() || ' ';
    last = m.index + m[0].length;
  }
  out.push({ text: raw.slice(last), separator });
  return out;
}

/**
 * The headline prefixes of `raw` cut at separators, longest first: the candidates a page
 * heading or og:title can agree with.
 */
export function titlePrefixes(raw: string): string[] {
  const parts = segments(raw);
  const out: string[] = [];
  for (let n = parts.length - 1; n >= 1; n--) {
    const prefix = joinSegments(parts.slice(0, n)).trim();
    if (prefix.length >= MIN_AGREEING_CHARS) out.push(prefix);
  }
  return out;
}

function joinSegments(parts: Segment[]): string {
  return parts.map((p, i) => (i === 0 ? p.text : `${sepText(p.separator)}${p.text}`)).join('');
}

function sepText(separator: string): string {
  return separator === '_' || separator === '|' || separator === '｜' || separator === '——' ? separator : ` ${separator} `;
}

/**
 * Cuts the site name (and channel names before it) from a page title.
 * With `knownNames` (og:site_name, publisher), a trailing segment equal to one of them is cut.
 * Otherwise only a short trailing segment that looks like a site name is cut, so that a real
 * subtitle ("……——记……") stays; the headline is never cut shorter than a few characters.
 */
export function stripSiteName(raw: string, knownNames: string[] = []): Title {
  const clean = raw.replace(/\s+/g, ' ').trim();
  const parts = segments(clean);
  if (parts.length < 2) return { title: clean };
  const known = new Set(knownNames.map((n) => n.trim()).filter(Boolean));
  let end = parts.length;
  let siteName: string | undefined;
  // Sites put their name last; Pixnet-style titles add the platform after the blog name.
  while (end > 1) {
    const seg = parts[end - 1]!.text.trim();
    const isKnown = known.has(seg);
    const looksLikeSite = SITE_NAME.test(seg) && SITE_NAME_END.test(seg);
    if (!isKnown && !looksLikeSite && seg !== '') break;
    if (headlineLength(parts, end - 1) < MIN_HEADLINE_CHARS) break;
    if (seg !== '') siteName ??= seg;
    end--;
  }
  if (siteName === undefined) return { title: clean };
  // Channel names sit between the headline and the site name, joined by the same separator.
  while (end > 1) {
    const seg = parts[end - 1]!;
    if (seg.separator !== '_' || seg.text.trim().length > MAX_CHANNEL_CHARS) break;
    if (headlineLength(parts, end - 1) < MIN_HEADLINE_CHARS) break;
    end--;
  }
  return { title: joinSegments(parts.slice(0, end)).trim(), siteName };
}

function headlineLength(parts: Segment[], end: number): number {
  return joinSegments(parts.slice(0, end)).trim().length;
}
