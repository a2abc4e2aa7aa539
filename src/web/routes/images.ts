import { Hono } from 'hono';
import { RedianError } from '../../errors.js';
import type { WebDeps } from '../context.js';

// Served as an image and nothing else: no scripts, no plugins, no sniffing, no embedding elsewhere.
const IMAGE_HEADERS = {
  'Content-Security-Policy': "default-src 'none'; sandbox",
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Resource-Policy': 'same-origin',
} as const;

/**
 * GET /img/:sig/:url, the image proxy. Mounted before the site's security headers, which
 * would replace this stricter CSP with the pages' one. Every failure is a short text
 * answer with its status; none reaches the HTML error page.
 */
export function imageRoutes(deps: WebDeps): Hono {
  const app = new Hono();
  app.get('/img/:sig/:url', async (c) => {
    try {
      const image = await deps.images.get(c.req.path);
      // Node's buffers are views of plain ArrayBuffers; sent as they are, not copied.
      return c.body(image.body as Uint8Array<ArrayBuffer>, 200, {
        ...IMAGE_HEADERS,
        'Content-Type': image.contentType,
        // The URL is signed and names the original: its content never changes.
        'Cache-Control': 'public, max-age=604800, immutable',
      });
    } catch (err) {
      const known = err instanceof RedianError && err.code.startsWith('IMAGE_');
      if (!known) deps.logger.error({ err, path: c.req.path }, 'image proxy failed');
      const status = known ? (err.status as 403 | 404 | 415 | 502) : 500;
      const text = known ? `${err.code.toLowerCase().replace(/_/g, ' ')}\n` : 'image proxy error\n';
      return c.body(text, status, {
        ...IMAGE_HEADERS,
        'Content-Type': 'text/plain; charset=utf-8',
        // Origins recover and go away; a failure is remembered only briefly.
        'Cache-Control': known ? 'public, max-age=300' : 'no-store',
      });
    }
  });
  return app;
}
