// Accuracy of the shipped text classifier (src/text/classifier/model.json) on TNEWS
// test_public: overall, per label, and where the worst labels' misses go. The model was
// trained on train_few_all + dev_few_all only (npm run train:classifier).
//
//   npm run eval -- category [--worst N]
//
// Exit code 0 when accuracy meets the target, 1 when not, 2 on bad options.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { print, printChecks, table } from '../bench/lib/report.js';
import { numberOptions } from '../bench/lib/options.js';
import { categoryOfLabel } from '../src/text/classifier/categories.js';
import { evaluate } from '../src/text/classifier/evaluate.js';
import { MODEL_FILE, shippedClassifier } from '../src/text/classifier/model.js';
import { readTnews, TNEWS_TEST_FILE, tnewsText } from '../src/text/classifier/tnews.js';
import { SHARED_DATA_DIR } from '../src/testing/shared-data.js';

export const description = 'text classifier accuracy on TNEWS test_public, overall and per label (target ≥ 55%)';

export const TARGET_ACCURACY = 0.55;

export async function run(args: string[]): Promise<number> {
  const opts = numberOptions(args, { worst: { default: 4, min: 1, integer: true } });
  const dir = join(SHARED_DATA_DIR, 'tnews');
  if (!existsSync(join(dir, TNEWS_TEST_FILE))) {
    print(`eval category: ${join(dir, TNEWS_TEST_FILE)} is missing`);
    return 2;
  }
  const model = shippedClassifier();
  const examples = readTnews(dir, TNEWS_TEST_FILE).map((r) => ({ text: tnewsText(r), label: r.label ?? '' }));
  const started = performance.now();
  const result = evaluate(model, examples);
  const ms = performance.now() - started;
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

  print(`text classifier: ${MODEL_FILE.pathname}`);
  print(`test set: ${join(dir, TNEWS_TEST_FILE)} (${result.examples} headlines, never used in training)`);
  print(`${(ms / result.examples).toFixed(3)} ms per headline (features + scoring); ${result.unknown} with no known feature`);
  print();
  print('per label:');
  for (const line of table([
    ['label', 'redian', 'n', 'correct', 'accuracy'],
    ...result.labels.map((l) => [l.label, categoryOfLabel(l.label) ?? '-', String(l.examples), String(l.correct), pct(l.accuracy)]),
  ]))
    print(line);
  print();
  // Accuracy once labels are folded into Redian's categories: what readers of an auto source see.
  const folded = examples.filter((e) => categoryOfLabel(model.predict(e.text)?.label ?? '') === categoryOfLabel(e.label)).length;
  print(`mapped to Redian categories: ${pct(folded / examples.length)} (${folded}/${examples.length})`);
  print();
  print(`worst ${opts.worst} labels, where their misses went:`);
  for (const l of [...result.labels].sort((a, b) => a.accuracy - b.accuracy).slice(0, opts.worst)) {
    print(`  ${l.label} (${pct(l.accuracy)}): ${l.confusedWith.slice(0, 4).map(([label, n]) => `${label} ${n}`).join(', ')}`);
  }
  print();
  const ok = printChecks([
    { name: 'accuracy on test_public', actual: `${pct(result.accuracy)} (${result.correct}/${result.examples})`, target: `≥ ${pct(TARGET_ACCURACY)}`, ok: result.accuracy >= TARGET_ACCURACY },
  ]);
  return ok ? 0 : 1;
}
