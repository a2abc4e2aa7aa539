import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { machine, print } from './report.js';

export interface RunHooks {
  /** Always, before the folder goes: e.g. stop child servers. */
  cleanup?: () => Promise<unknown>;
  /** On Ctrl-C, before the folder goes: e.g. kill child servers at once. */
  interrupted?: () => void;
}

/**
 * One benchmark run: prints its title and the machine, gives it a temporary folder, and
 * removes the folder at the end and on Ctrl-C, so no large database is left behind.
 */
export async function benchRun<T>(title: string, fn: (dir: string) => Promise<T>, hooks: RunHooks = {}): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'redian-bench-'));
  const onSigint = () => {
    hooks.interrupted?.();
    rmSync(dir, { recursive: true, force: true });
    process.exit(130);
  };
  process.once('SIGINT', onSigint);
  try {
    print(`Redian bench: ${title}`);
    print(`machine    ${machine()}`);
    return await fn(dir);
  } finally {
    await hooks.cleanup?.();
    process.removeListener('SIGINT', onSigint);
    rmSync(dir, { recursive: true, force: true });
  }
}
