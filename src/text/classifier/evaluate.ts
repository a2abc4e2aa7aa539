import type { TextClassifier } from './model.js';
import type { Example } from './train.js';

export interface LabelScore {
  label: string;
  examples: number;
  correct: number;
  accuracy: number;
  /** Where this label's misses went: predicted label → count, largest first. */
  confusedWith: Array<[label: string, count: number]>;
}

export interface Evaluation {
  examples: number;
  correct: number;
  accuracy: number;
  /** Texts the model had nothing to say about (counted as misses). */
  unknown: number;
  labels: LabelScore[];
}

/** Accuracy overall and per label, with each label's confusions. Shared by the eval and the test gate. */
export function evaluate(model: TextClassifier, examples: Example[]): Evaluation {
  const byLabel = new Map<string, { examples: number; correct: number; confused: Map<string, number> }>();
  let correct = 0;
  let unknown = 0;
  for (const e of examples) {
    const predicted = model.predict(e.text)?.label;
    let s = byLabel.get(e.label);
    if (!s) byLabel.set(e.label, (s = { examples: 0, correct: 0, confused: new Map() }));
    s.examples++;
    if (predicted === undefined) unknown++;
    if (predicted === e.label) {
      s.correct++;
      correct++;
    } else {
      const key = predicted ?? '(none)';
      s.confused.set(key, (s.confused.get(key) ?? 0) + 1);
    }
  }
  const labels = [...byLabel]
    .map(([label, s]) => ({
      label,
      examples: s.examples,
      correct: s.correct,
      accuracy: s.correct / s.examples,
      confusedWith: [...s.confused].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])),
    }))
    .sort((a, b) => a.label.localeCompare(b.label));
  return { examples: examples.length, correct, accuracy: examples.length ? correct / examples.length : 0, unknown, labels };
}
