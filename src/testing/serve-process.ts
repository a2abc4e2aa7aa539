import { type ChildProcess, spawn } from 'node:child_process';
import { Pool } from 'undici';
import { VISITOR_COOKIE } from '../web/visitor.js';
import type { VisitorIds } from '../audience/visitor-id.js';

/**
 * `redian serve` in a process of its own, and a load of article reads against it: what
 * the graceful-stop test and the SIGKILL measurement share.
 */
export interface ServeProcess {
  url: string;
  child: ChildProcess;
  /** Resolves with the exit code (or the signal's name) when the process ends. */
  exited: Promise<number | string | null>;
  /** The tail of what it printed, to explain a failure. */
  output(): string;
}

/** Starts `node <args>` (a `serve` command) with PORT=0 and waits for its "serving" log line. */
export async function startServeProcess(args: string[], env: Record<string, string>, cwd?: string): Promise<ServeProcess> {
  const child = spawn(process.execPath, args, {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | string | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  const url = await new Promise<string>((resolve, reject) => {
    let pending = '';
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
      pending += chunk.toString();
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        try {
          const entry = JSON.parse(line) as { msg?: string; url?: string };
          if (entry.msg === 'serving' && entry.url) resolve(entry.url);
        } catch {
          // Not a log line.
        }
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
    void exited.then((code) => reject(new Error(`serve exited (${code}) before serving:\n${output}`)));
  });
  return { url, child, exited, output: () => output };
}

export interface LoadResult {
  /** 200 responses whose body arrived whole: reads the server acknowledged. */
  ok: number;
  /** Other statuses, by status. */
  statuses: Record<number, number>;
  /** Requests that got no response (refused, reset, cut). */
  errors: number;
  /** With `visitors`: the visitor id of each 200, so each acknowledged read can be looked for. */
  acked: string[];
  /** performance.now() of each 200, in order. */
  ackedAt: number[];
}

const BROWSER_UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';

/**
 * Article reads by new readers (a browser's User-Agent; no cookie, or with `visitors` (the
 * server's key) a fresh signed id each), `connections` at a time, until `stop()`; each 200
 * is a read the server must have counted.
 */
export function startReadLoad(url: string, paths: string[], connections: number, visitors?: VisitorIds): { stop(): Promise<LoadResult>; result: LoadResult } {
  const pool = new Pool(url, { connections, pipelining: 1, connect: { timeout: 2000 } });
  const result: LoadResult = { ok: 0, statuses: {}, errors: 0, acked: [], ackedAt: [] };
  let stopped = false;
  let next = 0;
  const worker = async () => {
    while (!stopped) {
      const path = paths[next++ % paths.length]!;
      const visitor = visitors?.issue();
      const headers: Record<string, string> = { 'user-agent': BROWSER_UA };
      if (visitor) headers.cookie = `${VISITOR_COOKIE}=${visitor.cookie}`;
      try {
        const res = await pool.request({ path, method: 'GET', headers });
        await res.body.text();
        if (res.statusCode === 200) {
          result.ok++;
          result.ackedAt.push(performance.now());
          if (visitor) result.acked.push(visitor.id);
        }
        else result.statuses[res.statusCode] = (result.statuses[res.statusCode] ?? 0) + 1;
      } catch {
        result.errors++;
        // A stopped server refuses at once: do not spin.
        await new Promise((r) => setTimeout(r, 5));
      }
    }
  };
  const workers = Array.from({ length: connections }, worker);
  return {
    result,
    async stop() {
      stopped = true;
      await Promise.all(workers);
      await pool.destroy();
      return result;
    },
  };
}
