import { timingSafeEqual } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { Hono } from 'hono';
import { routePath } from 'hono/route';
import { ERRORS } from '../../errors.js';
import type { Metrics } from '../../metrics/metrics.js';
import type { WebDeps } from '../context.js';

/**
 * Counts every request by route pattern (never the raw path: ids would make a series each)
 * and times it to the response headers. Runs first, so it sees what every other part did.
 */
export function requestMetrics(metrics: Metrics): MiddlewareHandler {
  return async (c, next) => {
    const start = performance.now();
    await next();
    const status = c.res.status;
    const matched = routePath(c);
    // A path that only middleware matched ('/*') is one the app does not serve.
    const route = matched === '' || matched.endsWith('*') && status === 404 ? 'unmatched' : matched;
    metrics.request(route, c.req.method, status, (performance.now() - start) / 1000);
    if (status >= 500) metrics.error('http', errorCode(c.error));
  };
}

function errorCode(err: unknown): string {
  return err && typeof err === 'object' && 'code' in err && typeof err.code === 'string' && err.code in ERRORS ? err.code : 'INTERNAL';
}

/**
 * GET /metrics in Prometheus' text format, for the local machine (a Prometheus agent or
 * node exporter beside the server) or for whoever sends `Authorization: Bearer
 * <METRICS_TOKEN>`. A request relayed by a proxy on the same machine is not local: it
 * carries a forwarding header, and the proxy may be serving the whole internet.
 */
export function metricsRoutes(deps: WebDeps): Hono {
  const app = new Hono();
  app.get('/metrics', async (c) => {
    if (!isLocal(c) && !hasToken(c, deps.metricsToken)) {
      c.header('Cache-Control', 'no-store');
      return c.text(`${ERRORS.METRICS_FORBIDDEN.message}\n`, 403);
    }
    c.header('Content-Type', deps.services.metrics.contentType);
    c.header('Cache-Control', 'no-store');
    return c.body(await deps.services.metrics.text());
  });
  return app;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;
const FORWARDING = ['forwarded', 'x-forwarded-for', 'x-real-ip'];

function isLocal(c: Context): boolean {
  let address: string | undefined;
  try {
    address = getConnInfo(c).remote.address;
  } catch {
    // No socket: the request did not come over the network (app.request in tests).
    return false;
  }
  return address !== undefined && LOOPBACK.test(address) && FORWARDING.every((h) => c.req.header(h) === undefined);
}

function hasToken(c: Context, token: string | undefined): boolean {
  if (!token) return false;
  const given = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '')?.[1];
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
