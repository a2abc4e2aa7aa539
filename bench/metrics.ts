// What the request-metrics middleware (counter + latency histogram per request) costs:
// the same Hono app with and without it, in alternating rounds of the same run, at 64
// connections on /a/:id. The article page bench (`page`) measures the whole app; this one
// isolates the middleware, which on a real page is a small part of a larger cost.
//
//   npm run bench -- metrics [--rounds N] [--duration S] [--warmup S] [--connections N]
//
// Exit code 0 when the target is met, 1 when missed, 2 on bad options.
import { combine, type LoadSummary, measure } from './lib/load.js';
import { numberOptions } from './lib/options.js';
import { fixed, print, printChecks, table } from './lib/report.js';
import { benchRun } from './lib/run-dir.js';
import { type ChildServer, freePort, killAll, startChild } from './lib/servers.js';

export const description = 'request-metrics middleware: req/s of a Hono app with it, against the same app without it';

/** With the middleware, at least this share of the throughput without it. */
const TARGET_RATIO = 0.9;

async function startServer(metrics: boolean): Promise<ChildServer> {
  const port = await freePort();
  return startChild(metrics ? 'with metrics' : 'without metrics', ['--import', 'tsx', 'bench/lib/metrics-server.ts'], port, '/healthz', {
    PORT: String(port),
    HOST: '127.0.0.1',
    METRICS: metrics ? '1' : '0',
  });
}

export async function run(args: string[]): Promise<number> {
  const opts = numberOptions(args, {
    duration: { default: 5, min: 1 },
    warmup: { default: 2, min: 0 },
    rounds: { default: 3, min: 1, integer: true },
    connections: { default: 64, min: 1, integer: true },
  });
  const servers: ChildServer[] = [];
  return benchRun(
    'request metrics middleware',
    async () => {
      const without = await startServer(false);
      servers.push(without);
      const withMetrics = await startServer(true);
      servers.push(withMetrics);
      const paths = Array.from({ length: 1000 }, (_, i) => `/a/${i + 1}`);
      const load = { paths, connections: opts.connections, warmupS: opts.warmup, durationS: opts.duration };
      print(`load       ${opts.connections} connections, ${opts.rounds} rounds of without then with, ${opts.warmup} s warm-up + ${opts.duration} s measured each, 10 KB body`);
      print();
      const rounds: Array<{ base: LoadSummary; app: LoadSummary }> = [];
      for (let r = 0; r < opts.rounds; r++) {
        rounds.push({ base: await measure({ ...load, url: without.url }), app: await measure({ ...load, url: withMetrics.url }) });
      }
      const base = combine(rounds.map((r) => r.base));
      const app = combine(rounds.map((r) => r.app));
      const row = (name: string, s: LoadSummary) => [name, fixed(s.rps), fixed(s.p50Ms, 1), fixed(s.p99Ms, 1), fixed(s.requests), fixed(s.failed)];
      for (const line of table([['', 'req/s', 'p50 ms', 'p99 ms', 'requests', 'failed'], row('without metrics', base), row('with metrics', app)])) print(line);
      print(`ratio by round: ${rounds.map((r) => fixed(r.app.rps / Math.max(1, r.base.rps), 2)).join(', ')}`);
      const ratio = base.rps > 0 ? app.rps / base.rps : 0;
      // Per request, from the two throughputs of one process each: 1/rps is the CPU time a request takes.
      const addedUs = app.rps > 0 && base.rps > 0 ? (1 / app.rps - 1 / base.rps) * 1e6 : NaN;
      print(`added per request ≈ ${fixed(addedUs, 1)} µs`);
      print();
      return printChecks([
        { name: 'throughput ratio with/without', actual: fixed(ratio, 2), target: `≥ ${TARGET_RATIO}`, ok: ratio >= TARGET_RATIO },
        { name: 'failed requests', actual: fixed(app.failed + base.failed), target: '0', ok: app.failed + base.failed === 0 },
      ])
        ? 0
        : 1;
    },
    { cleanup: () => Promise.all(servers.map((s) => s.stop())), interrupted: killAll },
  );
}
