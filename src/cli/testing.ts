import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** For tests: the CLI run as a user runs it, in a process of its own. */

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Starts `redian …` from the sources (through tsx) with only PATH, LOG_LEVEL=warn and `env` set. */
export function startCli(args: string[], env: Record<string, string>, stdin: 'ignore' | 'pipe' = 'ignore'): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env },
    stdio: [stdin, 'pipe', 'pipe'],
  });
}

/** Runs `redian …` to its end; `stdin`, when given, is its standard input (not a terminal, as in a script). */
export function runCli(args: string[], env: Record<string, string>, stdin?: string): Promise<CliRun> {
  const child = startCli(args, env, stdin === undefined ? 'ignore' : 'pipe');
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  if (stdin !== undefined) child.stdin!.end(stdin);
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}
