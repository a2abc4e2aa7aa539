import { shippedClassifier } from './model.js';
import { categoryOfLabel } from './categories.js';

/** Terms of the body that go with the title, as TNEWS gives keywords with each headline. */
const TOP_TERMS = 8;

/**
 * The Redian category slug the shipped classifier gives an article, from its title and
 * its body's most frequent terms (the model learned from headlines with their keywords,
 * so that is what it is shown); undefined when it has nothing to go on.
 */
export function classifyArticle(title: string, counts: ReadonlyMap<string, number>): string | undefined {
  const top = [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, TOP_TERMS)
    .map(([term]) => term);
  const prediction = shippedClassifier().predict(`${title} ${top.join(' ')}`);
  return prediction && categoryOfLabel(prediction.label);
}
