// HTTP load from the parent process with autocannon. One run covers warm-up and measurement
// on the same connections, and only responses completed inside the measured window count:
// a fresh run would open new connections, and a busy Node server accepts them one per
// event-loop turn, so their first requests would put seconds of connect time into p99.
import autocannon from 'autocannon';

const BROWSER_UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';

export interface LoadOptions {
  url: string;
  /** Requested in turn, shared by all connections, so each path gets an even share. */
  paths: string[];
  connections: number;
  /** `Cookie` headers sent in turn (returning readers); none: every request is a new reader. */
  cookies?: string[];
  warmupS: number;
  durationS: number;
}

export interface LoadSummary {
  rps: number;
  /** Latency of every response in the window, failed ones included. */
  p50Ms: number;
  p99Ms: number;
  /** Responses completed in the measured window. */
  requests: number;
  /** Responses outside 2xx, plus socket errors and timeouts: every request that failed. */
  failed: number;
  /** e.g. "404×3, errors×1", empty when nothing failed. */
  failures: string;
  /** Every latency in the window, sorted, so rounds can be combined. */
  latencies: number[];
  durationS: number;
}

export async function measure({ url, paths, connections, cookies, warmupS, durationS }: LoadOptions): Promise<LoadSummary> {
  const windowStart = performance.now() + warmupS * 1000;
  const windowEnd = windowStart + durationS * 1000;
  const inWindow = () => {
    const now = performance.now();
    return now >= windowStart && now <= windowEnd;
  };
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  let ok = 0;
  let errors = 0;

  let next = 0;
  // autocannon's own clock starts after ours, so its run always outlasts the window.
  const instance = autocannon({
    url,
    connections,
    duration: warmupS + durationS,
    timeout: 10,
    // A browser's User-Agent: the app counts each such read (a request without one is taken
    // for a script and not counted), so the measured page does the work a reader's does. No
    // cookie (unless given): every request is a new reader (an id issued, a history row).
    requests: [
      {
        method: 'GET',
        headers: { 'user-agent': BROWSER_UA },
        setupRequest: (req) => {
          const i = next++;
          const cookie = cookies?.length ? { headers: { ...req.headers, cookie: cookies[i % cookies.length]! } } : {};
          return { ...req, path: paths[pathIndex(i, paths.length, cookies?.length ?? 0)], ...cookie };
        },
      },
    ],
  });
  instance.on('response', (_client, status, _bytes, ms) => {
    if (!inWindow()) return;
    latencies.push(ms);
    if (status >= 200 && status <= 299) ok++;
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
  });
  instance.on('reqError', () => {
    if (inWindow()) errors++;
  });
  await instance;

  const failures = [...statuses].filter(([status]) => status < 200 || status > 299).map(([status, n]) => `${status}×${n}`);
  if (errors > 0) failures.push(`errors×${errors}`);
  return summarize(latencies, durationS, latencies.length - ok + errors, failures.join(', '));
}

/**
 * Request i goes to reader i mod `readers`, on path i mod `paths`, shifted by one each time
 * the readers come round. Unshifted, a reader count that is a multiple of the path count
 * (10,000 and 1,000) would send each reader to the same article every turn: after the first
 * turn no request would be a new read, and a returning reader's page would cost no count,
 * no history row and no new 猜你喜欢. Shifted, each turn is a new article for every reader
 * (for the first `paths` turns, far more than a run makes).
 */
export function pathIndex(i: number, paths: number, readers: number): number {
  return readers > 0 ? (i + Math.floor(i / readers)) % paths : i % paths;
}

/** Several runs against the same server as one: all their responses over all their time. */
export function combine(runs: LoadSummary[]): LoadSummary {
  return summarize(
    runs.flatMap((r) => r.latencies),
    runs.reduce((s, r) => s + r.durationS, 0),
    runs.reduce((s, r) => s + r.failed, 0),
    runs.map((r) => r.failures).filter(Boolean).join('; '),
  );
}

function summarize(latencies: number[], durationS: number, failed: number, failures: string): LoadSummary {
  latencies.sort((a, b) => a - b);
  return {
    rps: latencies.length / durationS,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    requests: latencies.length,
    failed,
    failures,
    latencies,
    durationS,
  };
}

/** Nearest-rank percentile of sorted values; 0 when there are none. */
function percentile(sorted: number[], q: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
}
