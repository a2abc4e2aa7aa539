import { resolveUrl } from '../url.js';

// Where Chinese sites' lazy loaders keep the real image, most common first.
const LAZY_ATTRIBUTES = ['data-src', 'data-original', 'data-actualsrc', 'data-lazy-src', 'data-lazyload', 'data-original-src', 'data-echo', '_src'];
const LAZY_SRCSETS = ['data-srcset', 'data-lazy-srcset', 'srcset'];
// The file a lazy loader shows until the real image arrives.
const PLACEHOLDER_FILE = /^(?:blank|placeholder|loading|lazy|lazyload|gr[ae]y|spacer|transparent|pixel|1x1|empty|clear)[-_@.]?\d*(?:x\d+)?\.(?:gif|png|jpe?g|svg|webp)$/i;
// Analytics hosts whose images are beacons, never content (a host or any subdomain of it).
const TRACKING_HOSTS = [
  'hm.baidu.com', 'cnzz.com', 'mmstat.com', 'google-analytics.com', 'doubleclick.net',
  'scorecardresearch.com', 'quantserve.com', 'pixel.wp.com', 'pingjs.qq.com', 'pingtcss.qq.com', 'bat.bing.com',
];
const TRACKING_PATH = /\/(?:tr|pixel|beacon|track|tracking|pv|count)(?:\.gif|\.png)?$/i;
const TINY_STYLE = /(?:^|;)\s*(?:width|height)\s*:\s*[01](?:px)?\s*(?:!important)?\s*(?:;|$)/i;

/**
 * The image's real source: `src` unless it is missing, a data: URI or a placeholder file, in
 * which case the lazy loader's attribute, else the largest `srcset` candidate. Absolute http(s) or nothing.
 */
export function imageSource(attribs: Record<string, string>, baseUrl: string): string | undefined {
  const src = attribs.src ? resolveUrl(attribs.src, baseUrl) : undefined;
  if (src && !isPlaceholder(src)) return src;
  for (const name of LAZY_ATTRIBUTES) {
    const lazy = attribs[name] ? resolveUrl(attribs[name], baseUrl) : undefined;
    if (lazy && !isPlaceholder(lazy)) return lazy;
  }
  for (const name of LAZY_SRCSETS) {
    const best = attribs[name] ? largestCandidate(attribs[name]) : undefined;
    const resolved = best ? resolveUrl(best, baseUrl) : undefined;
    if (resolved && !isPlaceholder(resolved)) return resolved;
  }
  return undefined;
}

/** A 1×1 (or 0×0) image or an analytics beacon: counts the reader, shows nothing. */
export function isTrackingImage(attribs: Record<string, string>, src: string | undefined): boolean {
  if (isTiny(attribs.width) || isTiny(attribs.height) || TINY_STYLE.test(attribs.style ?? '')) return true;
  if (!src) return false;
  const url = new URL(src, 'http://redian.local');
  const host = url.hostname;
  return TRACKING_HOSTS.some((h) => host === h || host.endsWith(`.${h}`)) || TRACKING_PATH.test(url.pathname);
}

function isTiny(size: string | undefined): boolean {
  return size !== undefined && /^\s*[01](?:\.0+)?\s*(?:px)?\s*$/i.test(size);
}

function isPlaceholder(url: string): boolean {
  const file = new URL(url, 'http://redian.local').pathname.split('/').pop() ?? '';
  return PLACEHOLDER_FILE.test(file);
}

/** The candidate with the largest width or density descriptor in a srcset. */
function largestCandidate(srcset: string): string | undefined {
  let best: { url: string; size: number } | undefined;
  for (const part of srcset.split(/,\s+/)) {
    const [url, descriptor = '1x'] = part.trim().split(/\s+/);
    if (!url) continue;
    const size = Number.parseFloat(descriptor) || 1;
    if (!best || size > best.size) best = { url, size };
  }
  return best?.url;
}
