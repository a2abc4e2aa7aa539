import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sharedData } from '../../testing/shared-data.js';
import { isRedianError } from '../../errors.js';
import { decodeBody } from '../charset/decode.js';
import { parseFeedBytes, type DecodedFeed } from './feed.js';

/*
 * The 43 real GB2312/GB18030 and Big5 files of ../shared/data/feeds-zh (chardet's test
 * corpus): each is decoded and parsed as fetched bytes, with no U+FFFD allowed in any
 * title, and the charset chosen is checked against the one a comment in each file names.
 * Detection is measured on its own too, with the XML declaration's encoding blanked out.
 * Skipped when the data is absent, unless REDIAN_REQUIRE_DATA=1.
 * Run: npx vitest run src/ingest/parse/feeds-zh.test.ts
 */
const GROUPS = ['gb2312', 'big5'] as const;
const data = sharedData('feeds-zh', [...GROUPS], 'decoding and parsing real Chinese feeds (feeds-zh)');
const DATA = data.dir;

// One file is a saved HTML page, not a feed: it names its encoding in its file name only.
const HTML_PAGE = '_chromium_gb18030_with_no_encoding_specified.html.xml';
const EXPECTED_CHARSET: Record<string, string> = { gb18030: 'gb18030', gb2312: 'gb18030', big5: 'big5' };

interface FileResult {
  name: string;
  expected: string;
  charset: string;
  from: string;
  detectedAlone: string;
  parsed: DecodedFeed | undefined;
  error: unknown;
}

function measureFile(group: string, name: string): FileResult {
  const bytes = readFileSync(`${DATA}${group}/${name}`);
  const head = bytes.subarray(0, 1024).toString('latin1');
  const label = (head.match(/^Expect:\s*(\S+)/m)?.[1] ?? (name === HTML_PAGE ? 'gb18030' : '')).toLowerCase();
  const decoded = decodeBody(bytes, undefined, 'xml');
  const blanked = Buffer.from(head.replace(/(<\?xml[^>]*?)(encoding\s*=\s*["'][^"']*["'])/, (_m, before: string, enc: string) => before + ' '.repeat(enc.length)), 'latin1');
  const undeclared = Buffer.concat([blanked, bytes.subarray(1024)]);
  let parsed: DecodedFeed | undefined;
  let error: unknown;
  try {
    parsed = parseFeedBytes(bytes, `https://${name.replace(/\.xml$/, '')}/feed`);
  } catch (err) {
    error = err;
  }
  return {
    name,
    expected: EXPECTED_CHARSET[label] ?? label,
    charset: decoded.charset,
    from: decoded.from,
    detectedAlone: decodeBody(undeclared, undefined, 'xml').charset,
    parsed,
    error,
  };
}

const measured = new Map<string, FileResult[]>();
const measure = (group: string) => measured.get(group) ?? measured.set(group, measureGroup(group)).get(group)!;

function measureGroup(group: string): FileResult[] {
  const results = readdirSync(`${DATA}${group}`)
    .filter((f) => f.endsWith('.xml'))
    .sort()
    .map((name) => measureFile(group, name));
  const items = results.flatMap((r) => r.parsed?.feed.items ?? []);
  const count = (pred: (r: FileResult) => boolean) => results.filter(pred).length;
  const froms = [...new Set(results.map((r) => r.from))].map((f) => `${f} ${count((r) => r.from === f)}`).join(', ');
  console.log(
    `feeds-zh ${group}: ${results.length} files, ${count((r) => r.parsed !== undefined)} parsed as feeds` +
      `${results.some((r) => r.name === HTML_PAGE) ? ' (1 HTML page refused as FEED_INVALID)' : ''}; ` +
      `${items.length} items; titles with U+FFFD ${items.filter((i) => i.title.includes('\uFFFD')).length}; ` +
      `summaries/contents with U+FFFD ${items.filter((i) => `${i.summary}${i.contentHtml ?? ''}`.includes('\uFFFD')).length}; ` +
      `charset = expected ${count((r) => r.charset === r.expected)}/${results.length} (decided by: ${froms}); ` +
      `detection alone (declaration blanked) = expected ${count((r) => r.detectedAlone === r.expected)}/${results.length}`,
  );
  return results;
}

describe.skipIf(data.skip)(data.title, () => {
  it('has the data', () => {
    expect(data.available, `${DATA} is missing`).toBe(true);
  });

  describe.each(GROUPS)('%s', (group) => {
    it('decodes every file as the charset its comment names, with or without its declaration', () => {
      const results = measure(group);
      expect(results.length).toBeGreaterThan(0);
      for (const r of results) {
        expect(r.expected, `${r.name} names no encoding`).toMatch(/^(gb18030|big5)$/);
        expect({ name: r.name, charset: r.charset, detectedAlone: r.detectedAlone }).toEqual({ name: r.name, charset: r.expected, detectedAlone: r.expected });
      }
    });

    it('parses every feed, with no U+FFFD in any title', () => {
      for (const r of measure(group)) {
        if (r.name === HTML_PAGE) continue;
        expect(r.error, r.name).toBeUndefined();
        expect(r.parsed!.feed.items.length, r.name).toBeGreaterThan(0);
        const broken = r.parsed!.feed.items.filter((i) => i.title.includes('\uFFFD')).map((i) => i.title);
        expect(broken, r.name).toEqual([]);
        expect(r.parsed!.feed.title, r.name).not.toContain('\uFFFD');
      }
    });
  });

  it('refuses the one HTML page among them as HTML, not a feed', () => {
    const page = measure('gb2312').find((r) => r.name === HTML_PAGE);
    expect(page, `${HTML_PAGE} missing`).toBeDefined();
    expect(isRedianError(page!.error, 'FEED_INVALID')).toBe(true);
    expect((page!.error as Error).message).toContain('got an HTML page');
  });
});
