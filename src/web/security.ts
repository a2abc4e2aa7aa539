import type { MiddlewareHandler } from 'hono';
import { VIDEO_HOSTS } from '../ingest/sanitize/embeds.js';

/**
 * CSP: our own script and styles only; images only from this origin (other sites' images,
 * ads' too, are served through the /img proxy); no plugins, no framing by other sites;
 * frames from the video hosts the sanitizer lets through and our own sandboxed ad frames
 * (/ad/:id/frame). JSON-LD blocks are data, not scripts, and need no exception.
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  `frame-src 'self' ${VIDEO_HOSTS.map((host) => `https://${host}`).join(' ')}`,
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join('; ');

/**
 * Every page's security headers: the CSP above and what hono's secureHeaders sends by
 * default, except HSTS (a site behind plain HTTP must not send it; its proxy decides).
 * Reprinted images are shown by readers' browsers, not embedded by other origins: CORP
 * same-origin. A new object each call (node:http's writer adds to it): a literal is the
 * cheapest copy.
 */
function securityHeaderObject(): Record<string, string> {
  return {
    'content-security-policy': CSP,
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'origin-agent-cluster': '?1',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'x-content-type-options': 'nosniff',
    'x-dns-prefetch-control': 'off',
    'x-download-options': 'noopen',
    'x-frame-options': 'SAMEORIGIN',
    'x-permitted-cross-domain-policies': 'none',
    'x-xss-protection': '0',
  };
}
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze(securityHeaderObject());
const ENTRIES = Object.entries(SECURITY_HEADERS);

// Marks a response made by securedResponse: it carries the headers already. (A property,
// not a WeakSet: one per page, and weak collections cost the garbage collector more.)
const SECURED = Symbol('secured');

/**
 * A response with the security headers in its (plain) headers. Under @hono/node-server a
 * response whose headers are a plain object is written as it is; setting headers on it
 * afterwards builds a Headers object, validates and copies every header, and copies them
 * back out: for the article page, a few per cent of its CPU.
 */
export function securedResponse(body: Uint8Array<ArrayBuffer> | string, status: number, headers: Record<string, string>): Response {
  const all = securityHeaderObject();
  for (const name in headers) all[name] = headers[name]!;
  const res = new Response(body, { status, headers: all });
  (res as Response & { [SECURED]?: true })[SECURED] = true;
  return res;
}

/** Sets the security headers on every response that does not carry them yet (overriding a route's own). */
export const securityHeaders = (): MiddlewareHandler => async (c, next) => {
  await next();
  if ((c.res as Response & { [SECURED]?: true })[SECURED]) return;
  const headers = c.res.headers;
  for (const [name, value] of ENTRIES) headers.set(name, value);
  headers.delete('x-powered-by');
};
