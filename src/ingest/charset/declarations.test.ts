import { describe, expect, it } from 'vitest';
import { bomCharset, declaredCharsets, headerCharsetLabel, metaCharsetLabel, withoutXmlEncoding, xmlEncodingLabel } from './declarations.js';
import { canonicalCharset } from './labels.js';

const ascii = (text: string) => Buffer.from(text, 'latin1');

describe('canonicalCharset', () => {
  it.each([
    ['gbk', 'gb18030'],
    ['GB2312', 'gb18030'],
    ['x-gbk', 'gb18030'],
    ['gb_2312-80', 'gb18030'],
    ['CP936', 'gb18030'],
    ['GB18030', 'gb18030'],
    ['big5', 'big5'],
    ['Big5-HKSCS', 'big5'],
    ['x-big5', 'big5'],
    ['cp950', 'big5'],
    ['UTF8', 'utf-8'],
    ['"gbk"', 'gb18030'],
    ['ISO-8859-1', 'windows-1252'],
    ['Shift_JIS', 'shift_jis'],
  ])('%s → %s', (label, charset) => {
    expect(canonicalCharset(label)).toBe(charset);
  });

  it('returns undefined for what iconv-lite cannot decode', () => {
    expect(canonicalCharset('x-no-such-charset')).toBeUndefined();
    expect(canonicalCharset('')).toBeUndefined();
    expect(canonicalCharset(undefined)).toBeUndefined();
  });
});

describe('finding declarations', () => {
  it('recognises UTF-8 and UTF-16 byte-order marks', () => {
    expect(bomCharset(Uint8Array.from([0xef, 0xbb, 0xbf, 0x3c]))).toEqual({ charset: 'utf-8', length: 3 });
    expect(bomCharset(Uint8Array.from([0xfe, 0xff, 0, 0x3c]))).toEqual({ charset: 'utf-16be', length: 2 });
    expect(bomCharset(ascii('<rss>'))).toBeUndefined();
  });

  it('reads charset= from a Content-Type header, quoted or not', () => {
    expect(headerCharsetLabel('text/xml; charset="GBK"')).toBe('GBK');
    expect(headerCharsetLabel('application/rss+xml;charset=big5; q=1')).toBe('big5');
    expect(headerCharsetLabel('text/html')).toBeUndefined();
    expect(headerCharsetLabel(undefined)).toBeUndefined();
  });

  it('reads the encoding of an XML declaration only at the start of the document', () => {
    expect(xmlEncodingLabel(ascii(`<?xml version="1.0"  encoding='gb2312' standalone="yes"?><rss/>`))).toBe('gb2312');
    expect(xmlEncodingLabel(ascii('<?xml version="1.0"?><rss><?xml encoding="big5"?></rss>'))).toBeUndefined();
    expect(xmlEncodingLabel(ascii('<?xml-stylesheet encoding="big5"?><rss/>'))).toBeUndefined();
  });

  it('reads <meta charset> and the charset in <meta content>', () => {
    expect(metaCharsetLabel(ascii('<head><META CHARSET=GBK></head>'))).toBe('GBK');
    expect(metaCharsetLabel(ascii('<meta content="text/html; charset=big5" http-equiv="Content-Type">'))).toBe('big5');
    expect(metaCharsetLabel(ascii('<meta name="description" content="charset test">'))).toBeUndefined();
  });

  it('lists known declarations in order, once each, skipping unknown labels', () => {
    const body = ascii('<?xml version="1.0" encoding="gb2312"?><html><meta charset="x-klingon"><meta charset="big5"></html>');
    expect(declaredCharsets(body, 'text/xml; charset=GBK', undefined)).toEqual([{ charset: 'gb18030', from: 'header' }]);
    expect(declaredCharsets(body, 'text/xml; charset=utf-8', 'xml')).toEqual([
      { charset: 'utf-8', from: 'header' },
      { charset: 'gb18030', from: 'xml-declaration' },
    ]);
  });
});

describe('withoutXmlEncoding', () => {
  it('drops the encoding from the XML declaration and nothing else', () => {
    expect(withoutXmlEncoding(`<?xml version="1.0" encoding="gb2312" standalone='yes'?><rss/>`)).toBe(`<?xml version="1.0" standalone='yes'?><rss/>`);
    expect(withoutXmlEncoding(`\uFEFF<?xml version='1.0' encoding='big5'?><rss/>`)).toBe(`\uFEFF<?xml version='1.0'?><rss/>`);
    const mention = '<?xml version="1.0"?><rss><title>encoding="gb2312"</title></rss>';
    expect(withoutXmlEncoding(mention)).toBe(mention);
  });
});
