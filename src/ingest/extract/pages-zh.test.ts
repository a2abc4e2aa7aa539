import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sharedData } from '../../testing/shared-data.js';
import { htmlToText } from '../text.js';
import { extractArticle } from './extract.js';

/*
 * Real Chinese article pages (mozilla/readability's test pages) from ../shared/data/pages-zh:
 * token-level F1 of the extracted text against expected.html, and metadata against
 * expected-metadata.json. Skipped when the data is absent, unless REDIAN_REQUIRE_DATA=1.
 * Run: npx vitest run src/ingest/extract/pages-zh.test.ts
 */
const PAGES = ['qq', 'gmw', 'youth'] as const;
const TARGET_F1 = 0.95;
const data = sharedData('pages-zh', [...PAGES, 'pixnet'].map((p) => `${p}/source.html`), 'extraction on real Chinese pages (pages-zh)');
const DATA = data.dir;

// Each CJK character is a token; so is each run of Latin letters or digits.
const TOKEN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]|[\p{Script=Latin}\p{Nd}]+/gu;

function tokenF1(got: string, expected: string): { precision: number; recall: number; f1: number } {
  const want = new Map<string, number>();
  const expectedTokens = expected.match(TOKEN) ?? [];
  for (const t of expectedTokens) want.set(t, (want.get(t) ?? 0) + 1);
  const gotTokens = got.match(TOKEN) ?? [];
  let overlap = 0;
  for (const t of gotTokens) {
    const n = want.get(t) ?? 0;
    if (n > 0) {
      overlap++;
      want.set(t, n - 1);
    }
  }
  const precision = gotTokens.length ? overlap / gotTokens.length : 0;
  const recall = expectedTokens.length ? overlap / expectedTokens.length : 0;
  return { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
}

interface ExpectedMetadata {
  title: string;
  byline: string | null;
  siteName: string | null;
}

const measured = new Map<string, ReturnType<typeof measureOnce>>();
const measure = (page: string) => measured.get(page) ?? measured.set(page, measureOnce(page)).get(page)!;

function measureOnce(page: string) {
  // Read as UTF-8: qq declares gb2312 but is UTF-8, and charset detection is not this step's job.
  const html = readFileSync(`${DATA}${page}/source.html`, 'utf8');
  const expectedText = htmlToText(readFileSync(`${DATA}${page}/expected.html`, 'utf8'));
  const metadata = JSON.parse(readFileSync(`${DATA}${page}/expected-metadata.json`, 'utf8')) as ExpectedMetadata;
  const article = extractArticle(html, `http://${page}.example/article.html`);
  const score = tokenF1(article.text, expectedText);
  console.log(
    `pages-zh ${page}: F1 ${score.f1.toFixed(4)} (precision ${score.precision.toFixed(4)}, recall ${score.recall.toFixed(4)}); ` +
      `title ${JSON.stringify(article.title)}; author ${JSON.stringify(article.author)}; ` +
      `published ${article.publishedAt === undefined ? '-' : new Date(article.publishedAt).toISOString()}; site ${JSON.stringify(article.siteName)}; ` +
      `origin ${JSON.stringify(article.origin)}`,
  );
  return { article, score, metadata };
}

describe.skipIf(data.skip)(data.title, () => {
  it('has the data', () => {
    expect(data.available, `${DATA} is missing`).toBe(true);
  });

  it.each(PAGES)(`extracts the text of %s with token F1 ≥ ${TARGET_F1}`, (page) => {
    const { score } = measure(page);
    expect(score.f1).toBeGreaterThanOrEqual(TARGET_F1);
  });

  it.each(PAGES)('agrees with the expected metadata of %s', (page) => {
    const { article, metadata } = measure(page);
    // The expected title is the raw <title>; ours is it without the channel and site name.
    expect(metadata.title.startsWith(article.title)).toBe(true);
    expect(article.title.length).toBeGreaterThan(metadata.title.length / 3);
    if (metadata.byline) expect(article.author).toBe(metadata.byline);
    if (metadata.siteName) expect(article.siteName).toBe(metadata.siteName);
  });

  // Read off each page's byline by hand: its time, in Beijing time, and the name its title ends with.
  it.each([
    ['qq', 'DeepMind新电脑已可利用记忆自学 人工智能迈上新台阶', '2016-10-14T07:17+08:00', '腾讯网', undefined],
    ['gmw', '宇航员在太空中喝酒会怎么样？后果很严重', '2017-03-10T09:58+08:00', '光明网', '网易科学人'],
    ['youth', '海外留学生看两会：出国前后关注点大不同', '2017-03-10T08:42+08:00', '中国青年网', '人民日报海外版'],
  ])('reads the headline, publication time, site and credited source of %s', (page, headline, published, siteName, origin) => {
    const { article } = measure(page);
    expect(article).toMatchObject({ title: headline, publishedAt: Date.parse(published), siteName });
    expect(article.origin).toBe(origin);
  });

  // A Taiwanese blog rather than a news page: reported on its own, held to a looser bar.
  it('extracts the pixnet blog post', () => {
    const { article, score, metadata } = measure('pixnet');
    expect(score.f1).toBeGreaterThanOrEqual(0.8);
    expect(article.title).toBe('新竹尖石_美樹營地賞楓 (2)');
    expect(article.author).toBe(metadata.byline);
  });
});
