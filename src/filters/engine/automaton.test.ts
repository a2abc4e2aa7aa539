import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../text/random.js';
import { Automaton, type Match } from './automaton.js';
import { normalize } from './normalize.js';

/** Every occurrence by brute force, in the order the automaton reports them (by end, longest first). */
function naive(words: readonly string[], text: string, fold: boolean): Match[] {
  const haystack = fold ? normalize(text) : text;
  const found: Match[] = [];
  words.forEach((w, word) => {
    const needle = fold ? normalize(w) : w;
    for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + 1)) {
      found.push({ start: at, end: at + needle.length, word });
    }
  });
  return found.sort((a, b) => a.end - b.end || a.start - b.start);
}

const byEnd = (ms: Match[]) => [...ms].sort((a, b) => a.end - b.end || a.start - b.start);

describe('Automaton', () => {
  it('finds every occurrence, overlapping and nested ones included', () => {
    const ac = Automaton.build(['he', 'she', 'his', 'hers']);
    const found = ac.findAll('ushers').map((m) => ac.words[m.word]);
    expect(found).toEqual(['she', 'he', 'hers']);
    const zh = Automaton.build(['中国', '中国人', '国人', '人民']);
    expect(byEnd(zh.findAll('中国人民')).map((m) => zh.words[m.word])).toEqual(['中国', '中国人', '国人', '人民']);
  });

  it('matches case- and width-insensitively and reports positions in the original text', () => {
    const ac = Automaton.build(['vpn', '翻墙软件']);
    const text = '免费ＶＰＮ和Vpn下载，翻墙软件';
    expect(ac.findAll(text).map((m) => text.slice(m.start, m.end))).toEqual(['ＶＰＮ', 'Vpn', '翻墙软件']);
  });

  it('is literal with fold: false', () => {
    const ac = Automaton.build(['Apple'], { fold: false });
    expect(ac.findAll('apple Apple ＡＰＰＬＥ').map((m) => m.start)).toEqual([6]);
  });

  it('drops empty words and duplicates, keeping the first spelling', () => {
    const ac = Automaton.build(['', 'ABC', 'abc', 'ａｂｃ', '词']);
    expect(ac.words).toEqual(['ABC', '词']);
    expect(Automaton.build([]).empty).toBe(true);
    expect(Automaton.build([]).findAll('任何文本')).toEqual([]);
  });

  it('handles characters outside the BMP as pairs of code units', () => {
    const ac = Automaton.build(['𠮷野', '😀']);
    const text = '吉野家和𠮷野家😀';
    expect(ac.findAll(text).map((m) => text.slice(m.start, m.end))).toEqual(['𠮷野', '😀']);
  });

  it('agrees with a brute-force search on random words and texts', () => {
    const random = seededRandom(7);
    const alphabet = ['a', 'b', 'A', 'ａ', '中', '国', '人'];
    const draw = (n: number) => Array.from({ length: n }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
    for (let round = 0; round < 200; round++) {
      const words = [...new Set(Array.from({ length: 1 + Math.floor(random() * 12) }, () => draw(1 + Math.floor(random() * 4))))];
      const text = draw(Math.floor(random() * 60));
      for (const fold of [true, false]) {
        const ac = Automaton.build(words, { fold });
        const expected = naive(ac.words, text, fold);
        expect(byEnd(ac.findAll(text))).toEqual(expected);
      }
    }
  });

  it('firstMatches stops after the first occurrences of `limit` distinct words', () => {
    const ac = Automaton.build(['广告', '推广', '微信']);
    const text = '广告广告推广微信';
    expect(ac.firstMatches(text, 2).map((m) => [ac.words[m.word], m.start])).toEqual([
      ['广告', 0],
      ['推广', 4],
    ]);
    expect(ac.firstMatches(text, 10)).toHaveLength(3);
    expect(ac.firstMatches(text, 0)).toEqual([]);
  });

  it('leftmostLongest picks non-overlapping occurrences, left to right, longest first', () => {
    const ac = Automaton.build(['中国', '中国人', '人民', '民币', '人民币']);
    const text = '中国人民币';
    expect(ac.leftmostLongest(text).map((m) => text.slice(m.start, m.end))).toEqual(['中国人', '民币']);
    const ac2 = Automaton.build(['ab', 'bcd', 'abcde']);
    expect(ac2.leftmostLongest('xabcdex abcd').map((m) => ac2.words[m.word])).toEqual(['abcde', 'ab']);
  });

  it('builds 100,000 words and screens with them', () => {
    const random = seededRandom(11);
    const words = Array.from({ length: 100_000 }, (_, i) => `词${i.toString(36)}${String.fromCharCode(0x4e00 + Math.floor(random() * 2000))}`);
    const ac = Automaton.build(words);
    expect(ac.words).toHaveLength(100_000);
    const text = `开头${words[4242]}中间${words[99_999]}结尾`;
    expect(ac.findAll(text).map((m) => ac.words[m.word])).toEqual(expect.arrayContaining([words[4242], words[99_999]]));
  });
});
