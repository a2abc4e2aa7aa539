import { describe, expect, it } from 'vitest';
import { DEMO_DIR } from '../demo/demo.js';
import { sharedData } from '../testing/shared-data.js';
import { articleHtml, buildEvalSet, DEFAULT_EVAL_OPTIONS, DEMO_REPRINT, SAME_TOPIC, VARIANT_KINDS } from './eval-set.js';
import { scoreEvalSet } from './eval-score.js';

// The targets of issue 4, item 3 (the full run: `npm run eval -- dedup`).
const TARGET_PRECISION = 0.99;
const TARGET_RECALL = 0.95;
/**
 * Dropping one of an article's 4–7 paragraphs moves its SimHash by 7 bits at the median,
 * so that kind is measured and reported but not held to the per-kind bar (see the eval).
 */
const BEYOND_SIMHASH = new Set(['paragraph-dropped']);

const data = sharedData('tnews', ['unlabeled.json', 'train_few_all.json', 'dev_few_all.json'], 'near-duplicate detection on reprint variants (tnews + demo)');

describe.skipIf(data.skip)(data.title, () => {
  const options = { ...DEFAULT_EVAL_OPTIONS, demoDir: DEMO_DIR, tnewsDir: data.dir, digests: 120 };

  it('builds the same set from the same seed, with every kind of case', () => {
    const a = buildEvalSet(options);
    const b = buildEvalSet(options);
    expect(a.cases.map((c) => `${c.kind} ${c.probe.key} ${c.probe.title} ${articleHtml(c.probe)}`)).toEqual(
      b.cases.map((c) => `${c.kind} ${c.probe.key} ${c.probe.title} ${articleHtml(c.probe)}`),
    );
    const kinds = new Set<string>(a.cases.map((c) => c.kind));
    for (const k of [...VARIANT_KINDS, SAME_TOPIC]) expect(kinds.has(k), k).toBe(true);
    // Variants differ from their originals; same-topic articles share no paragraph.
    for (const c of a.cases) {
      if (c.kind === SAME_TOPIC) expect(c.probe.blocks.some((p) => c.original.blocks.includes(p))).toBe(false);
      else if (c.kind !== 'retitled' && c.kind !== DEMO_REPRINT) expect(articleHtml(c.probe), `${c.kind} ${c.probe.key}`).not.toBe(articleHtml(c.original));
    }
  });

  it(`tells reprints from other articles on the same topic: precision ≥ ${TARGET_PRECISION}, recall ≥ ${TARGET_RECALL}`, async () => {
    const result = await scoreEvalSet(buildEvalSet(options));
    expect(result.overall.cases).toBeGreaterThan(1000);
    expect(result.overall.precision).toBeGreaterThanOrEqual(TARGET_PRECISION);
    expect(result.overall.recall).toBeGreaterThanOrEqual(TARGET_RECALL);
    for (const k of result.kinds) {
      expect(k.precision, k.kind).toBeGreaterThanOrEqual(TARGET_PRECISION);
      if (!BEYOND_SIMHASH.has(k.kind)) expect(k.recall, k.kind).toBeGreaterThanOrEqual(TARGET_RECALL);
    }
  });
});
