import { describe, expect, it } from 'vitest';
import { foldUnit, normalize } from './normalize.js';

describe('normalize', () => {
  it('folds full-width letters, digits, punctuation and the ideographic space, and case', () => {
    expect(normalize('ＡＢＣ１')).toBe('abc1');
    expect(normalize('Ｈｅｌｌｏ，　ＷＯＲＬＤ！')).toBe('hello, world!');
    expect(normalize('GDP增长５．２％')).toBe('gdp增长5.2%');
    expect(normalize('ÀÉÎ ΑΒΓ АБВ')).toBe('àéî αβγ абв');
  });

  it('leaves Chinese text, quotes and the ideographic full stop alone', () => {
    const text = '新华社北京电“新质生产力”成为热词。';
    expect(normalize(text)).toBe(text);
  });

  it('keeps every offset: the folded text has the length of the original, unit for unit', () => {
    for (const text of ['İstanbul ＡＢ', 'ß and ẞ', '𠮷野家 ＹＯＳＨＩＮＯＹＡ 😀', 'ﬃ ligature', 'Ǆ ǅ ǆ']) {
      const folded = normalize(text);
      expect(folded.length).toBe(text.length);
      for (let i = 0; i < text.length; i++) expect(folded.charCodeAt(i)).toBe(foldUnit(text.charCodeAt(i)));
    }
    // A match in the folded text, sliced from the original, is the word as the item spells it.
    const item = '今日ＳＡＬＥ大促';
    const at = normalize(item).indexOf('sale');
    expect(item.slice(at, at + 4)).toBe('ＳＡＬＥ');
  });

  it('leaves characters whose lower case is longer, and surrogate halves, as they are', () => {
    expect(normalize('İ')).toBe('İ');
    expect(foldUnit(0xd842)).toBe(0xd842);
    expect(normalize('𠮷')).toBe('𠮷');
  });
});
