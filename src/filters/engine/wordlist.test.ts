import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { type ErrorCode, isRedianError } from '../../errors.js';
import { readWordList, WORD_LIST_MAX_BYTES } from './wordlist.js';

/** A list as editors export it from a GBK system (made with iconv-lite, committed as bytes): CRLF, a repeat, ＶＰＮ/vpn, 、 and ，. */
const GBK_FILE = readFileSync(new URL('./testdata/words-gbk.txt', import.meta.url));

function refusal(input: string | Uint8Array, code: ErrorCode): string {
  try {
    readWordList(input);
  } catch (err) {
    if (isRedianError(err, code)) return err.message;
    throw err;
  }
  throw new Error('the list was accepted');
}

describe('readWordList', () => {
  it('reads a GBK file, says so, splits on 、 and ，, and drops repeats (case and width folded)', () => {
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(GBK_FILE)).toThrow();
    const list = readWordList(GBK_FILE);
    expect(list.encoding).toBe('GB18030');
    expect(list.words).toEqual([
      '博彩平台', '赌博网站', '代开发票', '六合彩', '枪支弹药', '办证', '刻章', '网络赌场',
      '高利贷', '传销组织', 'ＶＰＮ', '翻墙软件', '代孕中介', '裸聊', '约炮',
    ]);
    expect(list.duplicates).toBe(2);
  });

  it('reads UTF-8 with and without a BOM, and UTF-16 with one', () => {
    const text = '广告\n推广\n';
    expect(readWordList(Buffer.from(text))).toEqual({ words: ['广告', '推广'], encoding: 'UTF-8', duplicates: 0 });
    expect(readWordList(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])).encoding).toBe('UTF-8 (BOM)');
    const le = readWordList(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')]));
    expect(le).toEqual({ words: ['广告', '推广'], encoding: 'UTF-16LE', duplicates: 0 });
    const be = readWordList(Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(text, 'utf-16be')]));
    expect(be.words).toEqual(['广告', '推广']);
  });

  it('reads a textarea: trims, skips blank lines, accepts comma and tab separated words', () => {
    const list = readWordList('  广告 \r\n\r\n推广,微信\t加群，扫码、领奖\n广告\n');
    expect(list).toEqual({ words: ['广告', '推广', '微信', '加群', '扫码', '领奖'], encoding: 'UTF-8', duplicates: 1 });
  });

  it('refuses NUL bytes and other binary content', () => {
    expect(refusal(Buffer.from([0x61, 0x00, 0x62, 0x0a]), 'WORD_LIST_INVALID')).toContain('NUL');
    expect(refusal('广告\n推\u0001广', 'WORD_LIST_INVALID')).toContain('第 2 行含有控制字符');
    // PNG header: not UTF-8, not valid GB18030 either.
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff, 0xff, 0x80]);
    expect(refusal(png, 'WORD_LIST_INVALID')).toMatch(/控制字符|既不是 UTF-8/);
    expect(refusal(Buffer.from([0xff, 0xff, 0x80, 0x80]), 'WORD_LIST_INVALID')).toContain('既不是 UTF-8 也不是 GBK');
  });

  it('refuses an empty list', () => {
    expect(refusal(' \n\n , 、', 'WORD_LIST_INVALID')).toContain('没有词');
    expect(refusal(new Uint8Array(), 'WORD_LIST_INVALID')).toContain('没有词');
  });

  it('refuses a word longer than 50 characters, naming the line', () => {
    const message = refusal(`广告\n推广\n${'长'.repeat(51)}\n`, 'WORD_LIST_INVALID');
    expect(message).toContain('第 3 行的词有 51 个字');
    expect(readWordList('𠮷'.repeat(50)).words).toHaveLength(1); // counted in characters, not UTF-16 units
  });

  it('refuses more than 2 MB, and more than 100,000 words, with the size in the message', () => {
    const big = Buffer.alloc(5 * 1024 * 1024, 0x61);
    expect(refusal(big, 'WORD_LIST_TOO_LARGE')).toContain('词表 5.0 MB，超过 2 MB 上限');
    expect(refusal('字'.repeat(WORD_LIST_MAX_BYTES / 3 + 1), 'WORD_LIST_TOO_LARGE')).toContain('超过 2 MB');
    const many = Array.from({ length: 100_001 }, (_, i) => `w${i}`).join('\n');
    expect(refusal(many, 'WORD_LIST_TOO_LARGE')).toContain('词表有 100,001 个词，超过 100,000 个的上限');
    expect(readWordList(Array.from({ length: 100_000 }, (_, i) => `w${i}`).join('\n')).words).toHaveLength(100_000);
  });
});
