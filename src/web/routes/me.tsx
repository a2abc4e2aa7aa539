import { Hono, type Context } from 'hono';
import { loadChrome } from '../chrome.js';
import type { WebDeps } from '../context.js';
import { renderPage } from '../views/layout.js';
import { HistoryPage } from '../views/history.js';
import { ErrorPage } from '../views/messages.js';
import { renewVisitor, visitorOf } from '../visitor.js';

const PATH = '/me/history';

/**
 * 我的阅读记录 and 清除阅读记录. Clearing is a POST from a plain form (it works without
 * JavaScript) and is refused from other sites: a cross-site form could otherwise wipe a
 * reader's history. It deletes the reads and gives the browser a new visitor id.
 */
export function meRoutes(deps: WebDeps): Hono {
  const { services } = deps;
  const siteOrigin = new URL(deps.siteUrl).origin;
  const app = new Hono();

  app.get(PATH, async (c) => {
    const visitor = await visitorOf(c, deps);
    const reads = visitor.isNew ? [] : await services.audience.history(visitor.id);
    const chrome = await loadChrome(deps);
    const meta = { title: '我的阅读记录', description: '本浏览器在本站的阅读记录', path: PATH, noindex: true };
    c.header('Cache-Control', 'private, no-store');
    return c.html(renderPage(chrome, meta, <HistoryPage reads={reads} cleared={c.req.query('cleared') === '1'} now={Date.now()} />));
  });

  app.post(`${PATH}/clear`, async (c) => {
    if (!sameSite(c, siteOrigin)) {
      const chrome = await loadChrome(deps);
      const meta = { title: '请求被拒绝', description: '', path: PATH, noindex: true };
      return c.html(renderPage(chrome, meta, <ErrorPage code={403} title="请求被拒绝" message="请在本站页面上清除阅读记录。" />), 403);
    }
    const visitor = await visitorOf(c, deps);
    if (!visitor.isNew) await services.audience.clearHistory(visitor.id);
    await renewVisitor(c, deps);
    c.header('Cache-Control', 'no-store');
    return c.redirect(`${PATH}?cleared=1`, 303);
  });
  return app;
}

/**
 * True unless the browser says the request came from another site. Browsers send
 * Sec-Fetch-Site and Origin with a form POST; a request with neither is not a browser's,
 * and so not a forgery made through a reader's browser.
 */
function sameSite(c: Context, siteOrigin: string): boolean {
  const fetchSite = c.req.header('sec-fetch-site');
  if (fetchSite !== undefined && fetchSite !== 'same-origin' && fetchSite !== 'none') return false;
  const origin = c.req.header('origin');
  if (origin !== undefined && origin !== siteOrigin && origin !== new URL(c.req.url).origin) return false;
  return true;
}
