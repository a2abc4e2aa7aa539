// HTTP load from the parent process with autocannon: a warm-up whose figures are thrown
// away (JIT, SQLite page cache, keep-alive sockets), then the measured run.
import autocannon, { type Result } from 'autocannon';

export interface LoadOptions {
  url: string;
  /** Requested in turn, shared by all connections, so each path gets an even share. */
  paths: string[];
  connections: number;
  warmupS: number;
  durationS: number;
}

export interface LoadSummary {
  rps: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  /** Responses outside 2xx, plus socket errors and timeouts: every request that failed. */
  failed: number;
  /** e.g. "404×3, errors×1", empty when nothing failed. */
  failures: string;
}

export async function measure(options: LoadOptions): Promise<LoadSummary> {
  if (options.warmupS > 0) await fire(options, options.warmupS);
  return summarize(await fire(options, options.durationS));
}

function fire({ url, paths, connections }: LoadOptions, durationS: number): Promise<Result> {
  let next = 0;
  return autocannon({
    url,
    connections,
    duration: durationS,
    timeout: 10,
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: paths[next++ % paths.length] }) }],
  });
}

function summarize(r: Result): LoadSummary {
  const codes = Object.entries(r.statusCodeStats)
    .filter(([code]) => !code.startsWith('2'))
    .map(([code, { count }]) => `${code}×${count}`);
  // autocannon counts a timeout as an error too.
  if (r.errors > 0) codes.push(`errors×${r.errors}`);
  return {
    rps: r.requests.average,
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    requests: r['2xx'] + r.non2xx,
    failed: r.non2xx + r.errors,
    failures: codes.join(', '),
  };
}
