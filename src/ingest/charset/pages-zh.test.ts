import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sharedData } from '../../testing/shared-data.js';
import { brokenCount, decodeBody } from './decode.js';

/*
 * The real article pages of ../shared/data/pages-zh, all UTF-8; qq's <meta> says gb2312.
 * Skipped when the data is absent, unless REDIAN_REQUIRE_DATA=1.
 * Run: npx vitest run src/ingest/charset/pages-zh.test.ts
 */
const PAGES = ['qq', 'gmw', 'youth', 'pixnet'] as const;
const data = sharedData('pages-zh', PAGES.map((p) => `${p}/source.html`), 'charsets of real Chinese pages (pages-zh)');
const DATA = data.dir;

describe.skipIf(data.skip)(data.title, () => {
  it('has the data', () => {
    expect(data.available, `${DATA} is missing`).toBe(true);
  });

  it('reads qq as UTF-8 although its <meta> says gb2312', () => {
    const page = decodeBody(readFileSync(`${DATA}qq/source.html`), 'text/html', 'html');
    expect(page).toMatchObject({ charset: 'utf-8', from: 'detected' });
    expect(brokenCount(page.text)).toBe(0);
  });

  it.each(PAGES.filter((p) => p !== 'qq'))('reads %s as the UTF-8 its <meta> declares', (name) => {
    const page = decodeBody(readFileSync(`${DATA}${name}/source.html`), undefined, 'html');
    expect(page).toMatchObject({ charset: 'utf-8', from: 'meta' });
    expect(brokenCount(page.text)).toBe(0);
  });
});
