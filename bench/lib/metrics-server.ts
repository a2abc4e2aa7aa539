// The request-metrics middleware's cost, alone: a Hono app with the site's route shapes
// answering every path with one fixed body, through @hono/node-server as `redian serve`
// does, with (METRICS=1) or without (METRICS=0) the middleware. Run as its own process by
// bench/metrics.ts; env: PORT, HOST, METRICS, BODY_BYTES.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { Metrics } from '../../src/metrics/metrics.js';
import { requestMetrics } from '../../src/web/routes/metrics.js';

const body = 'x'.repeat(Number(process.env.BODY_BYTES ?? 10_000));
const app = new Hono();
if (process.env.METRICS === '1') app.use(requestMetrics(new Metrics()));
// As many routes as the site has, so the router works as hard as it does there.
for (const path of ['/', '/c/:slug', '/s/:slug', '/story/:id', '/hot', '/search', '/t/:tag', '/takedown', '/feed.xml', '/sitemap.xml']) app.get(path, (c) => c.html(body));
app.get('/a/:id', (c) => c.html(body));
app.get('/healthz', (c) => c.text('ok'));

serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: process.env.HOST ?? '127.0.0.1' });
process.once('SIGTERM', () => process.exit(0));
