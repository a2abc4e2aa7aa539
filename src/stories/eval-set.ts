/**
 * The near-duplicate evaluation set (issue 4, item 3), shared by `npm run eval -- dedup`
 * and its test slice: real text made into reprint variants of known kinds, and different
 * articles on the same topic, all generated with a seeded generator so every run sees
 * the same set.
 *
 * Material: the demo corpus (multi-paragraph articles written for this project, filed by
 * category) and TNEWS headlines with their keywords (../shared/data/tnews), from which
 * headline digests are built: a digest's paragraphs are headlines sharing one keyword, so
 * two digests on one keyword are the same topic in different words.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { parseFeed } from '../ingest/parse/feed.js';
import { htmlToText } from '../ingest/text.js';
import { toHalfWidth } from '../text/normalize.js';
import { seededRandom, shuffle } from '../text/random.js';

export const VARIANT_KINDS = [
  'boilerplate',
  'ads',
  'paragraph-dropped',
  'paragraph-moved',
  'retitled',
  'punctuation',
  'width-whitespace',
  'editor-note',
  'combined',
] as const;
export type VariantKind = (typeof VARIANT_KINDS)[number];
/** A reprint the demo corpus itself carries (an aggregator's copy of another outlet's article). */
export const DEMO_REPRINT = 'demo-reprint';
/** A different article on the same topic: must not be taken for a reprint. */
export const SAME_TOPIC = 'same-topic';
export type CaseKind = VariantKind | typeof DEMO_REPRINT | typeof SAME_TOPIC;

export interface EvalArticle {
  key: string;
  title: string;
  /** Top-level HTML blocks of the body (paragraphs, headings, figures), in order. */
  blocks: string[];
  /** Category (demo) or keyword (TNEWS digest): articles of one topic make the hard negatives. */
  topic: string;
  origin: 'demo' | 'tnews';
}

export interface EvalCase {
  kind: CaseKind;
  /** The stored article the probe is compared with. */
  original: EvalArticle;
  /** The incoming article. */
  probe: EvalArticle;
  /** Ground truth: the probe is a reprint of the original. */
  same: boolean;
}

export interface EvalSet {
  /** Stored first, each a story of its own. */
  originals: EvalArticle[];
  cases: EvalCase[];
}

export interface EvalSetOptions {
  /** demo/ of the repository. */
  demoDir: string;
  /** ../shared/data/tnews, or undefined to build from the demo alone. */
  tnewsDir: string | undefined;
  /** TNEWS digests to build (two per keyword: one original, one same-topic article). */
  digests: number;
  /** Demo articles to take (all when larger than the corpus). */
  demoArticles: number;
  seed: number;
}

export const DEFAULT_EVAL_OPTIONS = { digests: 300, demoArticles: 1000, seed: 20261127 } as const;

export function articleHtml(a: EvalArticle): string {
  return a.blocks.join('\n');
}

export function buildEvalSet(options: EvalSetOptions): EvalSet {
  const random = seededRandom(options.seed);
  const demo = demoMaterial(options.demoDir);
  const originals = shuffle(random, demo.originals).slice(0, options.demoArticles).sort((a, b) => a.key.localeCompare(b.key));
  const cases: EvalCase[] = demo.reprints.filter((c) => originals.includes(c.original));
  // Same-topic negatives among the demo: every other article of the same category.
  for (const a of originals) {
    for (const b of originals) if (a !== b && a.topic === b.topic) cases.push({ kind: SAME_TOPIC, original: a, probe: b, same: false });
  }
  let headlines: string[] = demo.originals.map((a) => a.title);
  if (options.tnewsDir !== undefined) {
    const digests = tnewsDigests(options.tnewsDir, options.digests, random);
    for (const [a, b] of digests) {
      originals.push(a);
      cases.push({ kind: SAME_TOPIC, original: a, probe: b, same: false });
    }
    headlines = digests.flatMap(([a, b]) => [a.title, b.title]);
  }
  for (const original of originals) {
    for (const kind of VARIANT_KINDS) {
      const probe = VARIANTS[kind](original, { random, headlines });
      if (probe) cases.push({ kind, original, probe: { ...probe, key: `${original.key}~${kind}` }, same: true });
    }
  }
  return { originals, cases };
}

// --- material -----------------------------------------------------------------------------

const DemoSources = z.array(z.object({ slug: z.string(), feed: z.string(), category: z.string().nullable() }));

/** Block-level elements the demo (and most feeds) put at the top of a body. */
const BLOCK = /<(p|h2|h3|h4|figure|blockquote|ul|ol|table)\b[^>]*>[\s\S]*?<\/\1>/g;

/**
 * The demo articles, minus the copies the demo itself carries (an aggregator reprinting
 * another outlet): those become real reprint cases against the article they copy. A copy
 * is told by shared 4-character shingles, a measure independent of the SimHash under test.
 */
export function demoMaterial(demoDir: string): { originals: EvalArticle[]; reprints: EvalCase[] } {
  const sources = DemoSources.parse(JSON.parse(readFileSync(join(demoDir, 'sources.json'), 'utf8')));
  const all: Array<EvalArticle & { published: number; shingles: Set<string> }> = [];
  for (const s of sources) {
    const feed = parseFeed(readFileSync(join(demoDir, s.feed), 'utf8'), `https://${s.slug}.example/feed.xml`);
    for (const item of feed.items) {
      const blocks = [...(item.contentHtml ?? '').matchAll(BLOCK)].map((m) => m[0]);
      if (blocks.length === 0) continue;
      const text = htmlToText(blocks.join('\n'));
      all.push({
        key: item.guid,
        title: item.title,
        blocks,
        topic: s.category ?? item.categories[0] ?? 'none',
        origin: 'demo',
        published: item.publishedAt ?? 0,
        shingles: shingles(text),
      });
    }
  }
  all.sort((a, b) => a.published - b.published || a.key.localeCompare(b.key));
  const originals: typeof all = [];
  const reprints: EvalCase[] = [];
  for (const a of all) {
    const copied = originals.find((o) => jaccard(o.shingles, a.shingles) >= 0.3);
    if (copied) reprints.push({ kind: DEMO_REPRINT, original: strip(copied), probe: strip(a), same: true });
    else originals.push(a);
  }
  const byKey = new Map(originals.map((o) => [o.key, strip(o)]));
  // The cases must point at the same objects as the originals list.
  for (const c of reprints) c.original = byKey.get(c.original.key)!;
  return { originals: [...byKey.values()], reprints };
}

function strip(a: EvalArticle & { published: number; shingles: Set<string> }): EvalArticle {
  return { key: a.key, title: a.title, blocks: a.blocks, topic: a.topic, origin: a.origin };
}

function shingles(text: string): Set<string> {
  const compact = text.replace(/[\s\p{P}]/gu, '');
  const out = new Set<string>();
  for (let i = 0; i + 4 <= compact.length; i++) out.add(compact.slice(i, i + 4));
  return out;
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let both = 0;
  for (const x of a) if (b.has(x)) both++;
  return both / (a.size + b.size - both || 1);
}

const TnewsLine = z.object({ sentence: z.string(), keywords: z.string().optional() });
const HEADLINES_PER_DIGEST = 9;
const HEADLINES_PER_PARAGRAPH = 3;

/**
 * Pairs of headline digests on one keyword each: a title and three paragraphs of three
 * headlines, the two digests of a pair sharing no headline. Headlines are taken once
 * across the whole set, so no two digests share text except by the topic.
 */
export function tnewsDigests(dir: string, count: number, random: () => number): Array<[EvalArticle, EvalArticle]> {
  const byKeyword = new Map<string, string[]>();
  const seen = new Set<string>();
  for (const file of ['unlabeled.json', 'train_few_all.json', 'dev_few_all.json']) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const r = TnewsLine.parse(JSON.parse(line));
      const headline = r.sentence.trim();
      const key = headline.replace(/[\s\p{P}]/gu, '');
      if (key.length < 8 || seen.has(key)) continue;
      seen.add(key);
      for (const kw of (r.keywords ?? '').split(',')) {
        const k = kw.trim();
        if (k.length < 2) continue;
        let list = byKeyword.get(k);
        if (!list) byKeyword.set(k, (list = []));
        list.push(headline);
      }
    }
  }
  const needed = 2 * (HEADLINES_PER_DIGEST + 1);
  const keywords = shuffle(random, [...byKeyword.keys()].filter((k) => byKeyword.get(k)!.length >= needed).sort());
  const used = new Set<string>();
  const pairs: Array<[EvalArticle, EvalArticle]> = [];
  for (const keyword of keywords) {
    if (pairs.length >= count) break;
    const free = shuffle(random, byKeyword.get(keyword)!.filter((h) => !used.has(h)));
    if (free.length < needed) continue;
    const take = free.slice(0, needed);
    for (const h of take) used.add(h);
    const digest = (side: number): EvalArticle => {
      const mine = take.slice(side * (HEADLINES_PER_DIGEST + 1), (side + 1) * (HEADLINES_PER_DIGEST + 1));
      const blocks: string[] = [];
      for (let i = 1; i < mine.length; i += HEADLINES_PER_PARAGRAPH) blocks.push(`<p>${mine.slice(i, i + HEADLINES_PER_PARAGRAPH).map(sentence).join('')}</p>`);
      return { key: `tnews-${pairs.length}-${side ? 'b' : 'a'}`, title: mine[0]!, blocks, topic: keyword, origin: 'tnews' };
    };
    pairs.push([digest(0), digest(1)]);
  }
  return pairs;
}

/** A headline as a sentence of running text. */
function sentence(headline: string): string {
  return /[。！？!?]$/.test(headline) ? headline : `${headline}。`;
}

// --- variants ------------------------------------------------------------------------------

interface VariantContext {
  random: () => number;
  /** Titles to retitle with and to write editors' notes from. */
  headlines: string[];
}

type Variant = (a: EvalArticle, ctx: VariantContext) => Omit<EvalArticle, 'key'> | undefined;

const OUTLETS = ['今日头条号', '江州新闻网', '云澜日报客户端', '掌上热点', '北岭晚报', '新闻早知道公众号'];
const EDITORS = ['张伟', '李娜', '王芳', '刘洋', '陈静'];

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

function paragraphIndexes(a: EvalArticle): number[] {
  return a.blocks.flatMap((b, i) => (b.startsWith('<p') ? [i] : []));
}

/** Applies fn to the text between tags of every block, leaving markup alone. */
function mapText(blocks: string[], fn: (text: string) => string): string[] {
  return blocks.map((b) => b.replace(/>([^<]+)</g, (_m, text: string) => `>${fn(text)}<`));
}

function boilerplate(a: EvalArticle, { random }: VariantContext): Omit<EvalArticle, 'key'> {
  const outlet = pick(random, OUTLETS);
  const lines = [
    `<p>本文来源：${outlet}</p>`,
    `<p>责任编辑：${pick(random, EDITORS)}</p>`,
    `<p>声明：本文转载自${outlet}，版权归原作者所有，如有侵权请联系删除。</p>`,
    `<p>原标题：${a.title}</p>`,
  ];
  const head = random() < 0.5 ? [lines[3]!] : [];
  const tail = shuffle(random, lines.slice(0, 3)).slice(0, 2 + Math.floor(random() * 2));
  return { ...a, blocks: [...head, ...a.blocks, ...tail] };
}

function ads(a: EvalArticle, { random }: VariantContext): Omit<EvalArticle, 'key'> {
  const outlet = pick(random, OUTLETS);
  const lines = [
    `<p>点击关注${outlet}，获取更多精彩内容</p>`,
    `<p>扫码下载${outlet}APP，热点新闻随时看</p>`,
    `<p>【广告】年终大促，爆款家电限时五折，点击了解详情</p>`,
    `<p>更多精彩内容，请关注${outlet}微信公众号</p>`,
  ];
  const blocks = [...a.blocks];
  for (const line of shuffle(random, lines).slice(0, 2)) blocks.splice(Math.floor(random() * (blocks.length + 1)), 0, line);
  return { ...a, blocks };
}

function paragraphDropped(a: EvalArticle, { random }: VariantContext): Omit<EvalArticle, 'key'> | undefined {
  const ps = paragraphIndexes(a).slice(1);
  // Dropping one of two paragraphs is half the text: a different article, not a reprint.
  if (ps.length < 3) return undefined;
  const drop = pick(random, ps);
  return { ...a, blocks: a.blocks.filter((_, i) => i !== drop) };
}

function paragraphMoved(a: EvalArticle, { random }: VariantContext): Omit<EvalArticle, 'key'> | undefined {
  const ps = paragraphIndexes(a);
  if (ps.length < 2) return undefined;
  const from = pick(random, ps);
  const blocks = a.blocks.filter((_, i) => i !== from);
  let to = Math.floor(random() * (blocks.length + 1));
  if (to === from) to = to === 0 ? blocks.length : 0;
  blocks.splice(to, 0, a.blocks[from]!);
  return { ...a, blocks };
}

function retitled(a: EvalArticle, { random, headlines }: VariantContext): Omit<EvalArticle, 'key'> {
  const other = pick(random, headlines.filter((h) => h !== a.title));
  const title = pick(random, [`重磅！${a.title}`, `${a.title.slice(0, Math.max(6, Math.floor(a.title.length / 2)))}……`, other]);
  return { ...a, title };
}

const PUNCTUATION: Array<[RegExp, string[]]> = [
  [/，/g, [',', '，', '、', ' ']],
  [/。/g, ['.', '。', '！', '；']],
  [/[“”]/g, ['"', '「', '」', '']],
  [/：/g, [':', '——', '，']],
];

function punctuation(a: EvalArticle, { random }: VariantContext): Omit<EvalArticle, 'key'> {
  return {
    ...a,
    blocks: mapText(a.blocks, (text) => {
      let out = text;
      for (const [re, choices] of PUNCTUATION) out = out.replace(re, (m) => (random() < 0.5 ? pick(random, choices) : m));
      return out;
    }),
  };
}

/** ASCII letters and digits made full-width (or full-width made ASCII), spaces and line breaks added. */
function widthWhitespace(a: EvalArticle, { random }: VariantContext): Omit<EvalArticle, 'key'> {
  const wide = (s: string) => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
  return {
    ...a,
    blocks: mapText(a.blocks, (text) => {
      let out = random() < 0.5 ? wide(text) : toHalfWidth(text);
      out = out.replace(/(?<=[。，])/g, () => (random() < 0.3 ? pick(random, ['  ', '\u3000', '\n', ' \n ']) : ''));
      return `${random() < 0.5 ? '\u3000\u3000' : ''}${out}`;
    }),
  };
}

function editorNote(a: EvalArticle, { random, headlines }: VariantContext): Omit<EvalArticle, 'key'> {
  const about = shuffle(random, headlines.filter((h) => h !== a.title)).slice(0, 2).map(sentence).join('');
  const note = pick(random, [
    `<p>编者按：${a.title}。${about}本报今日转载此文，供读者参考。</p>`,
    `<p>【编者按】近来，${about}我们特转发这篇报道，欢迎读者留言讨论。</p>`,
    `<blockquote>编者的话：${about}本文观点仅代表作者本人。</blockquote>`,
  ]);
  return { ...a, blocks: [note, ...a.blocks] };
}

/** What an aggregator typically does in one go: a new title, its own punctuation and widths, its boilerplate. */
function combined(a: EvalArticle, ctx: VariantContext): Omit<EvalArticle, 'key'> {
  const b = retitled(a, ctx);
  const c = punctuation({ ...b, key: a.key }, ctx);
  const d = widthWhitespace({ ...c, key: a.key }, ctx);
  return boilerplate({ ...d, key: a.key }, ctx);
}

const VARIANTS: Record<VariantKind, Variant> = {
  boilerplate,
  ads,
  'paragraph-dropped': paragraphDropped,
  'paragraph-moved': paragraphMoved,
  retitled,
  punctuation,
  'width-whitespace': widthWhitespace,
  'editor-note': editorNote,
  combined,
};
