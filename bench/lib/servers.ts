// Servers under test run as child processes, so the load generator in the parent does not
// share their event loop (or their core, on a small machine).
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ChildServer {
  url: string;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();

/** For an interrupted run: no server may outlive the benchmark. */
export function killAll(): void {
  for (const child of running) child.kill('SIGKILL');
}

/**
 * The app is measured as users run it: compiled by `npm run build` (which also bundles the
 * assets), not through a TypeScript loader that swaps in development runtimes.
 */
export function build(): void {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
}

/** The real `redian serve` path over `databaseUrl`, quiet unless something goes wrong. */
export async function startApp(databaseUrl: string, env: Record<string, string> = {}): Promise<ChildServer> {
  const port = await freePort();
  return startChild('app', ['dist/cli/main.js', 'serve'], port, '/healthz', {
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    REDIAN_DEMO: '0',
    ...env,
  });
}

/** Bare node:http answering every request with `bodyFile` as `contentType`. */
export async function startBaseline(bodyFile: string, contentType: string): Promise<ChildServer> {
  const port = await freePort();
  return startChild('baseline', ['--import', 'tsx', 'bench/lib/baseline-server.ts'], port, '/', {
    PORT: String(port),
    HOST: '127.0.0.1',
    BASELINE_BODY_FILE: bodyFile,
    BASELINE_CONTENT_TYPE: contentType,
  });
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts `node <args>` and resolves once `readyPath` answers 2xx. The child's
 * output is kept (the tail of it) to explain a failed start or a crash.
 */
export async function startChild(name: string, args: string[], port: number, readyPath: string, env: Record<string, string>): Promise<ChildServer> {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  exited.then(() => running.delete(child));

  const url = `http://127.0.0.1:${port}`;
  const ready = await Promise.race([waitForOk(`${url}${readyPath}`, 60_000), exited.then(() => 'exited' as const)]);
  if (ready !== true) {
    child.kill('SIGKILL');
    throw new Error(`${name} server did not start (${ready === 'exited' ? 'it exited' : 'timed out'}):\n${output}`);
  }
  return {
    url,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const forced = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.kill('SIGTERM');
      await exited;
      clearTimeout(forced);
    },
  };
}

async function waitForOk(url: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.ok) return true;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}
