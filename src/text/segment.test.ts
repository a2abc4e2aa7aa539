import { describe, expect, it } from 'vitest';
import { normalizeText } from './normalize.js';
import { segment, termCounts } from './segment.js';
import { isStopword, stopwordCount } from './stopwords.js';

describe('segment', () => {
  it('cuts Chinese into words with the bundled dictionary, dropping stopwords, single characters and numbers', () => {
    const terms = segment(normalizeText('新华社北京3月5日电（记者 王明）记者表示，人工智能大模型在2026年取得重大突破。'));
    expect(terms).toContain('人工智能');
    expect(terms).toContain('模型');
    for (const dropped of ['新华社', '日电', '记者', '表示', '2026', '在', '年', '3']) expect(terms).not.toContain(dropped);
  });

  it('keeps Latin words apart and lower-cased', () => {
    expect(segment(normalizeText('OpenAI 发布 GPT 新版本'))).toEqual(expect.arrayContaining(['openai', 'gpt', '发布', '版本']));
  });

  it('gives nothing for nothing', () => {
    expect(segment('')).toEqual([]);
    expect(segment(normalizeText('。，！'))).toEqual([]);
  });

  it('counts terms', () => {
    expect([...termCounts(['经济', '增长', '经济'])]).toEqual([
      ['经济', 2],
      ['增长', 1],
    ]);
  });
});

describe('stopwords', () => {
  it('lists function words and news boilerplate, and stays compact', () => {
    for (const w of ['我们', '但是', '记者', '报道', '表示', '日电', 'the']) expect(isStopword(w)).toBe(true);
    for (const w of ['经济', '足球', '芯片']) expect(isStopword(w)).toBe(false);
    expect(stopwordCount).toBeGreaterThan(200);
    expect(stopwordCount).toBeLessThan(600);
  });
});
