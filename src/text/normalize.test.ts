import { describe, expect, it } from 'vitest';
import { compactText, normalizeText, toHalfWidth } from './normalize.js';

describe('normalizeText', () => {
  it('turns full-width letters, digits and the ideographic space half-width', () => {
    expect(toHalfWidth('ＡＢＣ１２３　ｘ！')).toBe('ABC123 x!');
  });

  it('lower-cases and makes each run of punctuation or space one space', () => {
    expect(normalizeText('  ＧＤＰ增长５．２％，“新质生产力”——成为\n热词！ ')).toBe('gdp增长5 2 新质生产力 成为 热词');
    expect(normalizeText('Hello,\u00a0World\u200b!')).toBe('hello world');
  });

  it('gives the same compact text for copies differing in width, case, spacing and punctuation', () => {
    const a = compactText(normalizeText('新华社北京３月５日电，AI大模型  取得突破。'));
    const b = compactText(normalizeText('新华社北京3月5日电 ai大模型取得突破'));
    expect(a).toBe(b);
    expect(a).toBe('新华社北京3月5日电ai大模型取得突破');
  });
});
