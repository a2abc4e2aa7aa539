import { Hono } from 'hono';
import { RedianError, isRedianError } from '../errors.js';
import { loadChromeOrDefaults } from './chrome.js';
import type { WebDeps } from './context.js';
import { adFrameRoutes, adRoutes } from './routes/ads.js';
import { adAdminRoutes } from './routes/admin/ads.js';
import { adminRoutes } from './routes/admin/index.js';
import { takedownAdminRoutes } from './routes/admin/takedowns.js';
import { articleRoutes } from './routes/article.js';
import { hotRoutes } from './routes/hot.js';
import { imageRoutes } from './routes/images.js';
import { meRoutes } from './routes/me.js';
import { apiRoutes } from './routes/api/api.js';
import { feedRoutes } from './routes/feeds/feeds.js';
import { metricsRoutes, requestMetrics } from './routes/metrics.js';
import { readerRoutes } from './routes/reader.js';
import { sitemapRoutes } from './routes/sitemaps/sitemaps.js';
import { searchRoutes } from './routes/search.js';
import { takedownRoutes } from './routes/takedown.js';
import { securityHeaders } from './security.js';
import { renderPage } from './views/layout.js';
import { ErrorPage } from './views/messages.js';

/** The whole web app; tests call `app.request()` on it, the server hands it to node:http. */
export function createApp(deps: WebDeps): Hono {
  const app = new Hono();
  app.use(requestMetrics(deps.services.metrics));
  // Hono answers HEAD with `new Response(null, getResponse)`; under @hono/node-server that copy
  // keeps only the headers the response was created with, losing those middleware added
  // (CSP, nosniff…). A response rebuilt from its final headers survives the copy.
  app.use(async (c, next) => {
    await next();
    if (c.req.method === 'HEAD') c.res = new Response(null, { status: c.res.status, headers: c.res.headers });
  });
  // Before the security headers: image and ad-frame responses carry their own, stricter CSP.
  app.route('/', imageRoutes(deps));
  app.route('/', adFrameRoutes(deps));
  app.use(securityHeaders());

  app.get('/healthz', async (c) => {
    try {
      await deps.services.health();
      return c.json({ status: 'ok' });
    } catch (err) {
      deps.logger.error({ err }, 'health check failed');
      return c.json({ status: 'error', error: 'database unreachable' }, 503);
    }
  });
  app.route('/', metricsRoutes(deps));
  app.route('/', apiRoutes(deps));
  app.route('/', feedRoutes(deps));
  app.route('/', sitemapRoutes(deps));
  app.get('/assets/:name', (c) => deps.publicFiles.serve(c, c.req.param('name')));
  app.get('/demo/media/:name', (c) => deps.demoMedia.serve(c, c.req.param('name')));
  app.route('/admin/ads', adAdminRoutes(deps));
  app.route('/admin/takedowns', takedownAdminRoutes(deps));
  app.route('/', adminRoutes(deps));
  app.route('/', adRoutes(deps));
  app.route('/', takedownRoutes(deps));
  app.route('/', articleRoutes(deps));
  app.route('/', hotRoutes(deps));
  app.route('/', meRoutes(deps));
  app.route('/', readerRoutes(deps));
  app.route('/', searchRoutes(deps));

  const errorPage = async (status: 404 | 410 | 500, title: string, message: string) => {
    const chrome = await loadChromeOrDefaults(deps);
    const meta = { title, description: message, path: '/', noindex: true };
    return renderPage(chrome, meta, <ErrorPage code={status} title={title} message={message} />);
  };

  app.notFound(async (c) => c.html(await errorPage(404, '页面不存在', '您访问的页面不存在或已被移除。'), 404));
  app.onError(async (err, c) => {
    if (isRedianError(err, 'NOT_FOUND')) {
      return c.html(await errorPage(404, '页面不存在', '您访问的页面不存在或已被移除。'), 404);
    }
    if (isRedianError(err, 'GONE')) {
      return c.html(await errorPage(410, '该文章因版权原因已删除', '应权利人要求，本文已删除。'), 410);
    }
    deps.logger.error({ err, path: c.req.path }, 'request failed');
    const status = err instanceof RedianError && err.status === 503 ? 503 : 500;
    return c.html(await errorPage(500, '服务暂时不可用', '请稍后再试。'), status);
  });
  return app;
}
