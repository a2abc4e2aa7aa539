// The shared dispatcher of `npm run bench` and `npm run eval`: `<name> [options]` runs
// <folder>/<name>.ts. A new benchmark or evaluation is one more file there exporting
// `description` and `run(args)`; helpers live in lib/ and are not listed.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { UsageError } from './options.js';

/** What every bench/<name>.ts and eval/<name>.ts exports. */
export interface Runnable {
  /** One line for the listing. */
  description: string;
  /** Runs with the arguments after the name; resolves to the process exit code. */
  run(args: string[]): Promise<number>;
}

/** `command` is the npm script ("bench" or "eval"); `folder` the URL of the folder holding the files. */
export async function dispatch(command: string, folder: URL, argv: string[]): Promise<number> {
  const available = readdirSync(fileURLToPath(folder))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && f !== 'run.ts')
    .map((f) => f.slice(0, -'.ts'.length))
    .sort();
  const load = async (name: string) => (await import(new URL(`${name}.ts`, folder).href)) as Runnable;

  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    process.stdout.write(`usage: npm run ${command} -- <name> [options]\n\n`);
    for (const n of available) process.stdout.write(`  ${n.padEnd(12)} ${(await load(n)).description}\n`);
    return 0;
  }
  // Only names from the listing are imported, so no argument reaches a file path.
  if (!available.includes(name)) {
    process.stderr.write(`${command}: unknown name "${name}" (available: ${available.join(', ')})\n`);
    return 2;
  }
  try {
    return await (await load(name)).run(args);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`${command} ${name}: ${err.message}\n`);
    return 2;
  }
}
