import { Hono } from 'hono';
import { setCookie } from 'hono/cookie';
import { AD_CLOSE_SECONDS, adClosedCookie, isAdSlot } from '../../ads/ads.js';
import type { WebDeps } from '../context.js';
import { safeLocalPath } from '../params.js';

/**
 * GET /ad/close?slot=…&next=… remembers for 24 h that this reader closed the slot.
 * A plain link follows the redirect back; the page script asks for JSON and gets 204.
 */
export function adRoutes(deps: WebDeps): Hono {
  const secure = deps.siteUrl.startsWith('https:');
  const app = new Hono();
  app.get('/ad/close', (c) => {
    const slot = c.req.query('slot') ?? '';
    if (!isAdSlot(slot)) return c.text('unknown ad slot', 400);
    setCookie(c, adClosedCookie(slot), '1', { maxAge: AD_CLOSE_SECONDS, path: '/', sameSite: 'Lax', httpOnly: true, secure });
    c.header('Cache-Control', 'no-store');
    if (c.req.header('Accept')?.includes('application/json')) return c.body(null, 204);
    return c.redirect(safeLocalPath(c.req.query('next')), 303);
  });
  return app;
}
