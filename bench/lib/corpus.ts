// Synthetic but realistic Chinese news text for seeding large databases: sentences and
// titles come from the demo feeds, recombined with a seeded generator so every run of a
// benchmark sees the same data.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_DIR } from '../../src/demo/demo.js';

/** The same seeded generator as the product's evaluations: reproducible data across runs. */
export { seededRandom as rng } from '../../src/text/random.js';

export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

export interface Corpus {
  sentences: string[];
  titles: string[];
}

/** Sentences of the demo articles' paragraphs and the demo titles. */
export function loadCorpus(feedsDir = join(DEMO_DIR, 'feeds')): Corpus {
  const sentences: string[] = [];
  const titles: string[] = [];
  for (const file of readdirSync(feedsDir).filter((f) => f.endsWith('.xml'))) {
    const xml = readFileSync(join(feedsDir, file), 'utf8');
    for (const [, p] of xml.matchAll(/<p>([\s\S]*?)<\/p>/g)) {
      const text = decodeEntities(p!.replace(/<[^>]+>/g, '')).trim();
      // Split after Chinese sentence ends, keeping the punctuation.
      sentences.push(...text.split(/(?<=[。！？])/u).map((s) => s.trim()).filter((s) => s.length >= 8));
    }
    for (const [, t] of xml.matchAll(/<item>\s*<title>([\s\S]*?)<\/title>/g)) titles.push(decodeEntities(t!.trim()));
  }
  if (sentences.length === 0 || titles.length === 0) throw new Error(`no demo text found in ${feedsDir}`);
  return { sentences, titles };
}

function decodeEntities(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

/** Demo titles are "subject clause + space + detail": mixing halves of two makes new ones. */
export function makeTitle(random: () => number, corpus: Corpus): string {
  const a = pick(random, corpus.titles).split(' ');
  const b = pick(random, corpus.titles).split(' ');
  return b.length > 1 ? `${a[0]} ${b.at(-1)}` : a[0]!;
}

/** Paragraphs of 2–4 sentences whose plain text totals about `targetBytes` of UTF-8. */
export function makeParagraphs(random: () => number, corpus: Corpus, targetBytes: number): string[] {
  const paragraphs: string[] = [];
  let bytes = 0;
  while (bytes < targetBytes) {
    const count = 2 + Math.floor(random() * 3);
    let p = '';
    for (let i = 0; i < count; i++) p += pick(random, corpus.sentences);
    paragraphs.push(p);
    bytes += Buffer.byteLength(p);
  }
  return paragraphs;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
