import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { brokenCount, decodeBody, decodingCost } from './decode.js';

// Fixtures were encoded with GNU iconv, not iconv-lite, so decoding is not checked against itself.
const fixture = (name: string) => readFileSync(new URL(`./testdata/${name}`, import.meta.url));
const ascii = (text: string) => Buffer.from(text, 'latin1');

describe('decodeBody: declarations', () => {
  it('trusts a byte-order mark over the header, and drops the mark', () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<p>中文</p>', 'utf8')]);
    expect(decodeBody(body, 'text/html; charset=gbk')).toEqual({ text: '<p>中文</p>', charset: 'utf-8', from: 'bom' });
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<rss>新闻</rss>', 'utf16le')]);
    expect(decodeBody(utf16, undefined, 'xml')).toEqual({ text: '<rss>新闻</rss>', charset: 'utf-16le', from: 'bom' });
  });

  it('takes the header charset when it decodes cleanly, and reads every GB label as GB18030', () => {
    // 镕 is GBK, not GB2312: a strict GB2312 decoder would break it.
    const result = decodeBody(fixture('gbk-meta-gb2312.html'), 'text/html; charset="GB2312"');
    expect(result).toMatchObject({ charset: 'gb18030', from: 'header' });
    expect(result.text).toContain('<title>朱镕基会见代表团</title>');
  });

  it('ranks the header above the XML declaration when both decode cleanly', () => {
    const body = ascii('<?xml version="1.0" encoding="big5"?><rss/>');
    expect(decodeBody(body, 'application/rss+xml; charset=gbk', 'xml')).toMatchObject({ charset: 'gb18030', from: 'header' });
  });

  it('reads <meta charset> and <meta http-equiv> in HTML', () => {
    expect(decodeBody(fixture('gbk-meta-gb2312.html'), undefined, 'html')).toMatchObject({ charset: 'gb18030', from: 'meta' });
    const httpEquiv = ascii('<html><head><meta http-equiv="Content-Type" content="text/html; charset=big5"></head></html>');
    expect(decodeBody(httpEquiv, undefined, 'html')).toMatchObject({ charset: 'big5', from: 'meta' });
  });

  it('reads the XML declaration for XML and <meta> for HTML only', () => {
    const body = ascii('<?xml version="1.0" encoding="big5"?><html><head><meta charset="gbk"></head></html>');
    expect(decodeBody(body, undefined, 'xml')).toMatchObject({ charset: 'big5', from: 'xml-declaration' });
    expect(decodeBody(body, undefined, 'html')).toMatchObject({ charset: 'gb18030', from: 'meta' });
    expect(decodeBody(body)).toMatchObject({ charset: 'big5', from: 'xml-declaration' });
  });

  it('decodes Big5 with the HKSCS additions', () => {
    const result = decodeBody(fixture('big5-hkscs.xml'), undefined, 'xml');
    expect(result).toMatchObject({ charset: 'big5', from: 'xml-declaration' });
    expect(result.text).toContain('<title>大廈𨋢故障 居民受困</title>');
  });

  it('looks for <meta> only in the first 8 KiB, and ignores UTF-16 named inside the document', () => {
    const late = ascii(`<html><head><!--${'x'.repeat(9000)}--><meta charset="gbk"></head></html>`);
    expect(decodeBody(late, undefined, 'html')).toMatchObject({ charset: 'utf-8', from: 'default' });
    expect(decodeBody(ascii('<meta charset="utf-16"><p>hi</p>'), undefined, 'html')).toMatchObject({ charset: 'utf-8', from: 'default' });
  });

  it('defaults to UTF-8 for pure ASCII with nothing declared, and for an empty body', () => {
    expect(decodeBody(ascii('<rss><channel><title>plain</title></channel></rss>'), 'text/xml', 'xml')).toEqual({
      text: '<rss><channel><title>plain</title></channel></rss>',
      charset: 'utf-8',
      from: 'default',
    });
    expect(decodeBody(Buffer.alloc(0))).toEqual({ text: '', charset: 'utf-8', from: 'default' });
  });
});

describe('decodeBody: declarations that lie', () => {
  it('reads UTF-8 that <meta> calls gb2312 (the qq.com case) as UTF-8', () => {
    const result = decodeBody(fixture('utf8-meta-gb2312.html'), undefined, 'html');
    expect(result).toMatchObject({ charset: 'utf-8', from: 'detected' });
    expect(result.text).toContain('国务院总理朱镕基');
  });

  it('reads GBK that its XML declaration calls utf-8 as GB18030', () => {
    const result = decodeBody(fixture('gbk-declared-utf8.xml'), undefined, 'xml');
    expect(result).toMatchObject({ charset: 'gb18030', from: 'detected' });
    expect(result.text).toContain('<title>朱镕基会见代表团</title>');
  });

  it('passes over a header that lies to the XML declaration that does not', () => {
    expect(decodeBody(fixture('big5-hkscs.xml'), 'text/xml; charset=utf-8', 'xml')).toMatchObject({ charset: 'big5', from: 'xml-declaration' });
  });

  it('does not take a Latin-1 header at its word, since Latin-1 decodes any byte', () => {
    const result = decodeBody(fixture('gbk-meta-gb2312.html'), 'text/html; charset=ISO-8859-1', 'xml');
    expect(result).toMatchObject({ charset: 'gb18030', from: 'detected' });
    const french = Buffer.from('<p>Le café est très bon à Paris, dit-elle.</p>', 'latin1');
    expect(decodeBody(french, 'text/html; charset=iso-8859-1')).toMatchObject({ charset: 'windows-1252', from: 'header' });
  });

  it('keeps the declared charset when one truncated character is its only flaw', () => {
    // A CMS cut the last character of the title in half: a lone GBK lead byte before "<".
    const bytes = fixture('gbk-meta-gb2312.html');
    const end = bytes.indexOf('</title>');
    const cut = Buffer.concat([bytes.subarray(0, end - 1), bytes.subarray(end)]);
    const result = decodeBody(cut, undefined, 'html');
    expect(result).toMatchObject({ charset: 'gb18030', from: 'meta' });
    expect(brokenCount(result.text)).toBe(1);
    expect(result.text).toContain('国务院总理朱镕基');
  });

  it('detects an undeclared or unknown charset instead of throwing', () => {
    expect(decodeBody(fixture('big5-undeclared.xml'), undefined, 'xml')).toMatchObject({ charset: 'big5', from: 'detected' });
    const result = decodeBody(fixture('big5-undeclared.xml'), 'text/xml; charset=x-no-such-charset', 'xml');
    expect(result).toMatchObject({ charset: 'big5', from: 'detected' });
    expect(result.text).toContain('<title>台北日報</title>');
  });
});

describe('scoring', () => {
  it('counts replacement, private-use and control characters as broken, but not tabs or line breaks', () => {
    expect(brokenCount('正常的文本\n\t\r，完全没有问题。')).toBe(0);
    expect(brokenCount('a\uFFFD b\uE000 c\u0001 d\u0085')).toBe(4);
  });

  it('costs rare hanzi and accented letters a little, broken characters ten times more', () => {
    expect(decodingCost('国务院总理今天会见了代表团。「新闻」ＡＢＣ')).toBe(0);
    expect(decodingCost('鿍䶮')).toBe(2);
    expect(decodingCost('Ã©')).toBe(2);
    expect(decodingCost('\uFFFD')).toBe(10);
  });
});
