import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * TNEWS (CLUE): Toutiao headlines with their keywords, labelled with one of 15 news
 * categories. Read from the shared data folder at training and test time only; none of it
 * ships (the content belongs to its publishers), only the model trained on it.
 */
export interface TnewsRecord {
  label: string | undefined;
  sentence: string;
  keywords: string;
}

export const TNEWS_TRAINING_FILES = ['train_few_all.json', 'dev_few_all.json'] as const;
/** For measuring only: never trained or tuned on. */
export const TNEWS_TEST_FILE = 'test_public.json';

export function readTnews(dir: string, file: string): TnewsRecord[] {
  return readFileSync(join(dir, file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const r = JSON.parse(line) as { label_desc?: string; sentence?: string; keywords?: string };
      return { label: r.label_desc, sentence: r.sentence ?? '', keywords: r.keywords ?? '' };
    });
}

/** What the classifier reads of a headline: the title and its keywords, as articles give title and top terms. */
export function tnewsText(r: TnewsRecord): string {
  return `${r.sentence} ${r.keywords.replace(/,/g, ' ')}`;
}
