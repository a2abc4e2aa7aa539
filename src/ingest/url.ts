// Stands in for "this site" when a base is a root-relative path such as "/demo/".
const LOCAL = 'http://redian.local';

/**
 * Resolves a link against a base. Only http(s) results are kept. A root-relative base
 * yields a root-relative result, so content we ship ourselves does not depend on SITE_URL.
 */
export function resolveUrl(href: string, base: string): string | undefined {
  let url: URL;
  try {
    url = new URL(href.trim(), new URL(base, LOCAL));
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.origin === LOCAL) return `${url.pathname}${url.search}${url.hash}`;
  return url.href;
}
