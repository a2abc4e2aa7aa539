import { Hono } from 'hono';
import { setCookie } from 'hono/cookie';
import { AD_CLOSE_SECONDS, adClosedCookie, isAdSlot } from '../../ads/ads.js';
import { isRedianError } from '../../errors.js';
import type { WebDeps } from '../context.js';
import { parseId, safeLocalPath } from '../params.js';

/**
 * GET /ad/close?slot=…&ad=…&next=… remembers for 24 h that this reader closed the slot (and
 * counts a close of that ad). A plain link follows the redirect back; the page script asks
 * for JSON and gets 204.
 * GET /ad/:id/click counts a click and redirects to the ad's stored link, and only there.
 */
export function adRoutes(deps: WebDeps): Hono {
  const secure = deps.siteUrl.startsWith('https:');
  const app = new Hono();
  app.get('/ad/close', async (c) => {
    const slot = c.req.query('slot') ?? '';
    if (!isAdSlot(slot)) return c.text('unknown ad slot', 400);
    setCookie(c, adClosedCookie(slot), '1', { maxAge: AD_CLOSE_SECONDS, path: '/', sameSite: 'Lax', httpOnly: true, secure });
    const adId = parseId(c.req.query('ad'));
    if (adId !== undefined) await deps.services.ads.recordClose(adId);
    c.header('Cache-Control', 'no-store');
    if (c.req.header('Accept')?.includes('application/json')) return c.body(null, 204);
    return c.redirect(safeLocalPath(c.req.query('next')), 303);
  });
  app.get('/ad/:id/click', async (c) => {
    const id = parseId(c.req.param('id'));
    const link = id === undefined ? undefined : await deps.services.ads.click(id).catch((err) => (isRedianError(err, 'AD_UNKNOWN') ? undefined : Promise.reject(err)));
    c.header('Cache-Control', 'no-store');
    c.header('X-Robots-Tag', 'noindex');
    if (link === undefined) return c.text('no such ad', 404);
    return c.redirect(link, 302);
  });
  return app;
}

/**
 * Ads' own CSP for their HTML snippet, also a sandbox (so the frame stays sandboxed even when
 * opened on its own): scripts and styles of the snippet run, in an opaque origin that reaches
 * none of ours; no forms, no plugins, no connections back; framed only by our pages.
 */
export const AD_FRAME_CSP =
  "default-src 'none'; script-src 'unsafe-inline' https:; style-src 'unsafe-inline' https:; img-src https: data:; font-src https:; media-src https:; frame-ancestors 'self'; form-action 'none'; base-uri 'none'; sandbox allow-scripts allow-popups allow-popups-to-escape-sandbox";

/** GET /ad/:id/frame: a running HTML ad's snippet, for the sandboxed frame. Mounted before the site's security headers. */
export function adFrameRoutes(deps: WebDeps): Hono {
  const app = new Hono();
  app.get('/ad/:id/frame', async (c) => {
    const id = parseId(c.req.param('id'));
    const snippet = id === undefined ? undefined : await deps.services.ads.snippet(id).catch((err) => (isRedianError(err, 'AD_UNKNOWN') ? undefined : Promise.reject(err)));
    c.header('Content-Security-Policy', AD_FRAME_CSP);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('Cross-Origin-Resource-Policy', 'same-origin');
    c.header('X-Robots-Tag', 'noindex');
    c.header('Cache-Control', 'private, max-age=60');
    if (snippet === undefined) return c.text('no such ad', 404);
    return c.html(`<!doctype html><html><head><meta charset="utf-8"><style>html,body{margin:0;overflow:hidden}</style></head><body>${snippet}</body></html>`);
  });
  return app;
}
