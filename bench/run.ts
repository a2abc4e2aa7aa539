// `npm run bench -- <name> [options]` runs bench/<name>.ts: speed and memory, each printing
// its ratio against a baseline measured in the same run.
import { dispatch } from './lib/dispatch.js';

process.exitCode = await dispatch('bench', new URL('./', import.meta.url), process.argv.slice(2));
