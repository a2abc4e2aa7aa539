import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { features } from './features.js';

/**
 * The shipped model, rebuilt by `npm run train:classifier` (scripts/train-classifier.ts).
 * Named from the repository root so that src/ and dist/ (where tsc copies no JSON) find it.
 */
export const MODEL_FILE = new URL('../../../src/text/classifier/model.json', import.meta.url);

/**
 * A multinomial logistic regression over sparse features (see features.ts), stored as integers
 * (weight × scale) so the file is small and byte-identical between training runs.
 */
export const ModelFile = z.object({
  version: z.literal(1),
  /** Label names, in the order of every weight row. */
  labels: z.array(z.string().min(1)).min(2),
  scale: z.number().positive(),
  bias: z.array(z.number().int()),
  /** Feature → one integer weight per label (rows are checked as they are loaded: 40k of them). */
  weights: z.record(z.string(), z.unknown()),
});
export type ModelFile = z.infer<typeof ModelFile> & { weights: Record<string, number[]> };

export interface Prediction {
  label: string;
  /** Softmax probability of the label, 0–1. */
  confidence: number;
}

export class TextClassifier {
  /** Feature → offset of its row in `rows`: one flat array, not 40k small ones (a tenth of the memory). */
  private readonly index = new Map<string, number>();
  private readonly rows: Float32Array;
  private readonly bias: Float64Array;
  readonly labels: readonly string[];

  constructor(model: ModelFile) {
    const k = model.labels.length;
    if (model.bias.length !== k) throw new Error(`classifier model: ${model.bias.length} biases for ${k} labels`);
    this.labels = model.labels;
    this.bias = Float64Array.from(model.bias, (b) => b / model.scale);
    const entries = Object.entries(model.weights as Record<string, unknown>);
    this.rows = new Float32Array(entries.length * k);
    entries.forEach(([f, row], n) => {
      if (!Array.isArray(row) || row.length !== k || !row.every(Number.isInteger)) {
        throw new Error(`classifier model: feature "${f}" needs ${k} integer weights`);
      }
      for (let i = 0; i < k; i++) this.rows[n * k + i] = (row[i] as number) / model.scale;
      this.index.set(f, n * k);
    });
  }

  /**
   * The most likely label of a text, or undefined when the text has nothing the model
   * knows (empty, another script, symbols only): a guess from the biases alone would file
   * every such article under the same label.
   */
  predict(text: string): Prediction | undefined {
    const scores = this.scores(features(text));
    if (!scores) return undefined;
    let best = 0;
    for (let k = 1; k < scores.length; k++) if (scores[k]! > scores[best]!) best = k;
    let z = 0;
    for (const s of scores) z += Math.exp(s - scores[best]!);
    return { label: this.labels[best]!, confidence: 1 / z };
  }

  /** Per-label scores (logits) of a feature set; undefined when no feature is known. */
  scores(fs: string[]): Float64Array | undefined {
    const k = this.labels.length;
    const s = Float64Array.from(this.bias);
    // Same length normalization as in training: long and short texts score on one scale.
    const norm = 1 / Math.sqrt(Math.max(1, fs.length));
    let known = 0;
    for (const f of fs) {
      const at = this.index.get(f);
      if (at === undefined) continue;
      known++;
      for (let i = 0; i < k; i++) s[i] = s[i]! + this.rows[at + i]! * norm;
    }
    return known === 0 ? undefined : s;
  }
}

let shipped: TextClassifier | undefined;

/** The model that ships in the repository, parsed once per process on first use. */
export function shippedClassifier(): TextClassifier {
  shipped ??= new TextClassifier(ModelFile.parse(JSON.parse(readFileSync(MODEL_FILE, 'utf8'))) as ModelFile);
  return shipped;
}
