// Evaluation dispatcher: `npm run eval -- <name> [options]` runs eval/<name>.ts, which measures
// the quality of an algorithm (precision, recall, accuracy, hit-rate) on real data.
// A new evaluation is one more file here exporting `description` and `run(args)`;
// helpers shared between evaluations live in eval/lib/ and are not listed.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../bench/lib/options.js';

/** What every eval/<name>.ts exports. */
export interface Evaluation {
  /** One line for the listing. */
  description: string;
  /** Runs with the arguments after the name; resolves to the process exit code. */
  run(args: string[]): Promise<number>;
}

const EVAL_DIR = fileURLToPath(new URL('./', import.meta.url));

function available(): string[] {
  return readdirSync(EVAL_DIR)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts') && f !== 'run.ts')
    .map((f) => f.slice(0, -'.ts'.length))
    .sort();
}

async function load(name: string): Promise<Evaluation> {
  return (await import(`./${name}.ts`)) as Evaluation;
}

async function list(): Promise<void> {
  process.stdout.write('usage: npm run eval -- <name> [options]\n\nevaluations:\n');
  for (const name of available()) {
    process.stdout.write(`  ${name.padEnd(12)} ${(await load(name)).description}\n`);
  }
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    await list();
    return 0;
  }
  // Only names from the listing are imported, so no argument reaches a file path.
  if (!available().includes(name)) {
    process.stderr.write(`eval: unknown evaluation "${name}" (available: ${available().join(', ')})\n`);
    return 2;
  }
  try {
    return await (await load(name)).run(args);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`eval ${name}: ${err.message}\n`);
    return 2;
  }
}

process.exitCode = await main(process.argv.slice(2));
