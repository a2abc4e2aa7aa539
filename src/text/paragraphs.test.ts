import { describe, expect, it } from 'vitest';
import { analyzeText } from './analyze.js';
import { normalizeText } from './normalize.js';
import { MIN_PARAGRAPH_CHARS, paragraphHashes as hashesOfLines, sharesParagraphs } from './paragraphs.js';

const paragraphHashes = (body: string) => hashesOfLines(body.split('\n').map(normalizeText));

const P1 = '江州市政府今天发布老旧小区改造三年行动方案，计划在三年内完成全市一千二百个老旧小区的综合改造。';
const P2 = '方案明确，改造内容包括加装电梯、更新供水管线、增设充电设施和社区养老服务站，资金由市区两级财政共同筹措。';

describe('paragraphHashes', () => {
  it('hashes each long paragraph once, whatever its width, case, spacing and punctuation', () => {
    const hashes = paragraphHashes(`${P1}\n${P2}\n${P1}`);
    expect(hashes).toHaveLength(2);
    expect(hashes.every((h) => /^[0-9a-f]{16}$/.test(h))).toBe(true);
    const reformatted = paragraphHashes(`\u3000\u3000${P1.replace(/，/g, ', ').replace('一千二百', '１２００')}\n${P2}`);
    // "一千二百" → "1200" is a changed word, so another paragraph; P2 is unchanged.
    expect(reformatted[0]).not.toBe(hashes[0]);
    expect(reformatted[1]).toBe(hashes[1]);
    expect(paragraphHashes(`  ${P2.replace(/，/g, ',  ').replace(/。/g, '.')}  `)).toEqual([hashes[1]]);
  });

  it('leaves out short lines: a dateline or caption recurs in unrelated articles', () => {
    const short = '本报讯 记者 李明'.padEnd(MIN_PARAGRAPH_CHARS - 1, '甲');
    expect(paragraphHashes(`${short}\n\n图为施工现场\n${P1}`)).toEqual(paragraphHashes(P1));
    expect(paragraphHashes('')).toEqual([]);
  });

  it('is what analyzeText keeps, after the reprint furniture is stripped', () => {
    const a = analyzeText('标题', `${P1}\n${P2}`);
    const b = analyzeText('另一个标题', `${P1}\n声明：本文转载自江州新闻网，版权归原作者所有，如有侵权请联系删除。\n${P2}\n责任编辑：李明`);
    expect(a.paragraphs).toEqual(paragraphHashes(`${P1}\n${P2}`));
    expect(b.paragraphs).toEqual(a.paragraphs);
  });
});

describe('sharesParagraphs', () => {
  it('needs two shared paragraphs and more than half of the shorter article', () => {
    expect(sharesParagraphs(3, 3, 4)).toBe(true);
    expect(sharesParagraphs(2, 3, 9)).toBe(true);
    expect(sharesParagraphs(3, 4, 9)).toBe(true);
    expect(sharesParagraphs(2, 4, 9)).toBe(false);
    expect(sharesParagraphs(2, 5, 6)).toBe(false);
    // One paragraph is a quotation, not a reprint, even of a two-paragraph article.
    expect(sharesParagraphs(1, 2, 2)).toBe(false);
    expect(sharesParagraphs(0, 0, 0)).toBe(false);
  });
});
