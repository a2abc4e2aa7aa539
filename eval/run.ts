// `npm run eval -- <name> [options]` runs eval/<name>.ts: the quality of an algorithm
// (precision, recall, accuracy, hit-rate) measured on real data.
import { dispatch } from '../bench/lib/dispatch.js';

process.exitCode = await dispatch('eval', new URL('./', import.meta.url), process.argv.slice(2));
