import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

// Process metrics (CPU, memory, event loop lag, GC) are per process, not per app: one
// registry for them however many apps a process builds (tests build dozens).
let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry, prefix: 'redian_' });
  }
  return processRegistry;
}

/** What a fetch of one source came to. */
export type FetchOutcome = 'ok' | 'not_modified' | 'failed';

/**
 * The numbers `/metrics` shows, in Prometheus' text format. Recording is a map lookup and
 * an addition, cheap enough for every request.
 */
export class Metrics {
  private readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'redian_http_requests_total',
    help: 'HTTP requests answered, by route pattern, method and status',
    labelNames: ['route', 'method', 'status'] as const,
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'redian_http_request_duration_seconds',
    help: 'Time from request to response headers, by route pattern',
    labelNames: ['route'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [this.registry],
  });
  private readonly errors = new Counter({
    name: 'redian_errors_total',
    help: 'Errors, by where they happened (http: a request answered 5xx; views: writing read counts) and code',
    labelNames: ['kind', 'code'] as const,
    registers: [this.registry],
  });
  private readonly fetches = new Counter({
    name: 'redian_source_fetches_total',
    help: 'Source fetches, by source slug and outcome (ok, not_modified, failed)',
    labelNames: ['source', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly added = new Counter({
    name: 'redian_source_articles_added_total',
    help: 'Articles stored from fetches, by source slug',
    labelNames: ['source'] as const,
    registers: [this.registry],
  });

  constructor(private readonly bufferedViews: () => number = () => 0) {
    const read = this.bufferedViews;
    new Gauge({
      name: 'redian_views_buffered',
      help: 'Reads counted in memory and not yet written to the database',
      registers: [this.registry],
      collect() {
        this.set(read());
      },
    });
  }

  // Labelled children by key: prom-client hashes the label object on every call otherwise,
  // and this runs for every request.
  private readonly requestChildren = new Map<string, { inc(): void }>();
  private readonly latencyChildren = new Map<string, { observe(value: number): void }>();

  request(route: string, method: string, status: number, seconds: number): void {
    const key = `${route}\u0000${method}\u0000${status}`;
    let counter = this.requestChildren.get(key);
    if (!counter) this.requestChildren.set(key, (counter = this.requests.labels({ route, method, status: String(status) })));
    counter.inc();
    let histogram = this.latencyChildren.get(route);
    if (!histogram) this.latencyChildren.set(route, (histogram = this.latency.labels({ route })));
    histogram.observe(seconds);
  }

  error(kind: string, code: string): void {
    this.errors.inc({ kind, code });
  }

  fetch(source: string, outcome: FetchOutcome, added = 0): void {
    this.fetches.inc({ source, outcome });
    if (added > 0) this.added.inc({ source }, added);
  }

  /** Everything, process metrics included, in the text exposition format. */
  async text(): Promise<string> {
    return Registry.merge([processMetrics(), this.registry]).metrics();
  }

  readonly contentType = Registry.PROMETHEUS_CONTENT_TYPE;
}
