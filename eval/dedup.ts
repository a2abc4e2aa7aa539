// Quality of near-duplicate detection (issue 4, item 3): precision and recall of "same
// text" on reprint variants of real text (boilerplate and ads added, a paragraph dropped
// or moved, a new title, punctuation, width and whitespace, an editor's note, all three of
// an aggregator's usual edits at once) and on different articles of the same topic, with
// the misses and their Hamming distances. Material: the demo corpus and TNEWS headlines
// (../shared/data/tnews); the set is generated with a seeded generator (src/stories/eval-set.ts)
// and judged through the production path (src/stories/eval-score.ts).
//
//   npm run eval -- dedup [--digests N] [--seed N] [--misses N]
//
// Exit code 0 when both targets are met, 1 when one is missed, 2 on bad options.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { numberOptions } from '../bench/lib/options.js';
import { print, printChecks, table } from '../bench/lib/report.js';
import { DEMO_DIR } from '../src/demo/demo.js';
import { buildEvalSet, DEFAULT_EVAL_OPTIONS } from '../src/stories/eval-set.js';
import { scoreEvalSet } from '../src/stories/eval-score.js';
import { SHARED_DATA_DIR } from '../src/testing/shared-data.js';

export const description = 'near-duplicate precision/recall on reprint variants of real text (targets ≥ 0.99 / ≥ 0.95)';

export const TARGET_PRECISION = 0.99;
export const TARGET_RECALL = 0.95;

export async function run(args: string[]): Promise<number> {
  const opts = numberOptions(args, {
    digests: { default: DEFAULT_EVAL_OPTIONS.digests, min: 0, integer: true },
    seed: { default: DEFAULT_EVAL_OPTIONS.seed, min: 0, integer: true },
    misses: { default: 12, min: 0, integer: true },
  });
  const tnewsDir = join(SHARED_DATA_DIR, 'tnews');
  const haveTnews = existsSync(join(tnewsDir, 'unlabeled.json'));
  if (!haveTnews) print(`note: ${tnewsDir} is missing; the set is built from the demo corpus alone`);
  const started = performance.now();
  const set = buildEvalSet({ demoDir: DEMO_DIR, tnewsDir: haveTnews ? tnewsDir : undefined, digests: opts.digests, demoArticles: DEFAULT_EVAL_OPTIONS.demoArticles, seed: opts.seed });
  const result = await scoreEvalSet(set);
  const demo = set.originals.filter((a) => a.origin === 'demo').length;
  print(`originals: ${set.originals.length} (${demo} demo articles, ${set.originals.length - demo} TNEWS digests); cases: ${set.cases.length}; seed ${opts.seed}; ${((performance.now() - started) / 1000).toFixed(1)} s`);
  print('same text = equal normalized-content hash, or SimHash within 3 bits (candidates by 16-bit bands), or else ≥ 2 and > half of the fewer long paragraphs shared, as ingestion decides');
  print();
  const f = (x: number) => x.toFixed(4);
  for (const line of table([
    ['kind', 'cases', 'found', 'missed', 'wrong', 'precision', 'recall'],
    ...[...result.kinds, result.overall].map((k) => [k.kind, String(k.cases), String(k.truePositives), String(k.falseNegatives), String(k.falsePositives), f(k.precision), f(k.recall)]),
  ]))
    print(line);
  print();
  const byKind = new Map<string, number[]>();
  for (const m of result.misses) byKind.set(`${m.error} ${m.kind}`, [...(byKind.get(`${m.error} ${m.kind}`) ?? []), m.distance]);
  if (byKind.size > 0) {
    print('misses by kind (Hamming distances):');
    for (const [k, ds] of [...byKind].sort()) print(`  ${k}: ${ds.length} — distances ${summarizeDistances(ds)}`);
    print();
    print(`first ${Math.min(opts.misses, result.misses.length)} misses:`);
    for (const m of result.misses.slice(0, opts.misses)) print(`  ${m.error} ${m.kind}: ${m.probe} vs ${m.original}, distance ${m.distance}`);
    print();
  }
  const ok = printChecks([
    { name: 'precision (overall)', actual: f(result.overall.precision), target: `≥ ${TARGET_PRECISION}`, ok: result.overall.precision >= TARGET_PRECISION },
    { name: 'recall (overall)', actual: f(result.overall.recall), target: `≥ ${TARGET_RECALL}`, ok: result.overall.recall >= TARGET_RECALL },
  ]);
  return ok ? 0 : 1;
}

function summarizeDistances(ds: number[]): string {
  const counts = new Map<number, number>();
  for (const d of ds) counts.set(d, (counts.get(d) ?? 0) + 1);
  return [...counts].sort((a, b) => a[0] - b[0]).map(([d, n]) => `${d}×${n}`).join(' ');
}
