// Rebuilds the text classifier that ships in the repository (src/text/classifier/model.json)
// from the TNEWS training files in ../shared/data/tnews: train_few_all and dev_few_all.
// test_public is never read here: it is for measuring only (`npm run eval -- category`).
//
//   npm run train:classifier [-- --data DIR] [-- --check]
//
// --check trains on train_few_all alone and prints accuracy on dev_few_all: how the
// options in DEFAULT_TRAIN_OPTIONS were chosen. Output is deterministic (seeded shuffling,
// integer weights, sorted features), so an unchanged data set rewrites the same bytes.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { TextClassifier, MODEL_FILE } from '../src/text/classifier/model.js';
import { readTnews, TNEWS_TRAINING_FILES, tnewsText, type TnewsRecord } from '../src/text/classifier/tnews.js';
import { DEFAULT_TRAIN_OPTIONS, train, type Example } from '../src/text/classifier/train.js';
import { SHARED_DATA_DIR } from '../src/testing/shared-data.js';

const { values } = parseArgs({ options: { data: { type: 'string' }, check: { type: 'boolean' } } });
const dir = values.data ?? join(SHARED_DATA_DIR, 'tnews');
const examples = (records: TnewsRecord[]): Example[] =>
  records.filter((r) => r.label !== undefined).map((r) => ({ text: tnewsText(r), label: r.label! }));

const started = performance.now();
if (values.check) {
  const model = new TextClassifier(train(examples(readTnews(dir, TNEWS_TRAINING_FILES[0]))));
  const dev = examples(readTnews(dir, TNEWS_TRAINING_FILES[1]));
  const right = dev.filter((e) => model.predict(e.text)?.label === e.label).length;
  process.stdout.write(`trained on ${TNEWS_TRAINING_FILES[0]}; accuracy on ${TNEWS_TRAINING_FILES[1]}: ${(right / dev.length).toFixed(4)} (${right}/${dev.length})\n`);
} else {
  const all = TNEWS_TRAINING_FILES.flatMap((f) => examples(readTnews(dir, f)));
  const model = train(all);
  const json = `${JSON.stringify(model)}\n`;
  writeFileSync(MODEL_FILE, json);
  process.stdout.write(
    `trained on ${all.length} headlines (${TNEWS_TRAINING_FILES.join(', ')}) in ${((performance.now() - started) / 1000).toFixed(1)} s: ` +
      `${model.labels.length} labels, ${Object.keys(model.weights).length} features, ${(json.length / 1024).toFixed(0)} KiB → ${fileURLToPath(MODEL_FILE)}\n`,
  );
}
