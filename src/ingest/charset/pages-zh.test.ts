import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { brokenCount, decodeBody } from './decode.js';

/*
 * The real article pages of ../shared/data/pages-zh, all UTF-8; qq's <meta> says gb2312.
 * Skipped when the data is absent, unless REDIAN_REQUIRE_DATA=1.
 * Run: npx vitest run src/ingest/charset/pages-zh.test.ts
 */
const DATA = fileURLToPath(new URL('../../../../shared/data/pages-zh/', import.meta.url));
const PAGES = ['qq', 'gmw', 'youth', 'pixnet'] as const;
const hasData = PAGES.every((p) => existsSync(`${DATA}${p}/source.html`));
const required = process.env.REDIAN_REQUIRE_DATA === '1';
const title = hasData
  ? 'charsets of real Chinese pages (pages-zh)'
  : required
    ? `charsets of real Chinese pages — FAILS: ${DATA} is missing and REDIAN_REQUIRE_DATA=1`
    : `charsets of real Chinese pages — SKIPPED: ${DATA} is missing (REDIAN_REQUIRE_DATA=1 makes this a failure)`;

describe.skipIf(!hasData && !required)(title, () => {
  it('has the data', () => {
    expect(hasData, `${DATA} is missing`).toBe(true);
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
