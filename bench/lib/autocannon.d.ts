// The part of autocannon's API the benchmarks use (the package ships no types).
declare module 'autocannon' {
  export interface Request {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
  }

  export interface RequestStep extends Request {
    /** Called before each send of this step; the returned request is sent. */
    setupRequest?: (request: Request, context: Record<string, unknown>) => Request;
  }

  export interface Options {
    url: string;
    connections?: number;
    /** Seconds. */
    duration?: number;
    pipelining?: number;
    /** Seconds. */
    timeout?: number;
    requests?: RequestStep[];
  }

  /** A histogram summary; latencies are in milliseconds. */
  export interface Histogram {
    average: number;
    min: number;
    max: number;
    total: number;
    p50: number;
    p99: number;
  }

  export interface Result {
    /** Seconds actually measured. */
    duration: number;
    errors: number;
    timeouts: number;
    /** Responses with a status outside 200–299. */
    non2xx: number;
    '2xx': number;
    /** Of 2xx responses only. */
    latency: Histogram;
    /** Requests per second sample. */
    requests: Histogram;
  }

  /** A running benchmark: per-response events while it runs, the result when it ends. */
  export interface Instance extends PromiseLike<Result> {
    on(event: 'response', listener: (client: unknown, statusCode: number, bytes: number, responseTimeMs: number) => void): this;
    /** A socket error or a timeout. */
    on(event: 'reqError', listener: (error: Error) => void): this;
  }

  function autocannon(options: Options): Instance;
  export default autocannon;
}
