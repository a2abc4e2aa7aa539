import { describe, expect, it } from 'vitest';
import { analyzeText } from './analyze.js';
import { bands, BANDS, fromHex, hammingDistance, SAME_TEXT_DISTANCE, simhash, toHex } from './simhash.js';

const PARAGRAPHS = [
  '江州市政府今天发布老旧小区改造三年行动方案，计划在三年内完成全市一千二百个老旧小区的综合改造，涉及居民约三十万户。',
  '方案明确，改造内容包括加装电梯、更新供水管线、增设充电设施和社区养老服务站，资金由市区两级财政和社会资本共同筹措。',
  '市住建局负责人在发布会上说，首批改造项目将于下月开工，居民可以通过社区议事会参与方案设计，并对施工质量进行监督。',
  '据介绍，云澜区和临江区将作为试点，探索小区公共空间改造与物业服务提升同步推进的新模式。',
];

describe('simhash', () => {
  it('round-trips through 16 hex digits and cuts into four 16-bit bands', () => {
    const h = { hi: 0xdeadbeef, lo: 0x0012abcd };
    expect(toHex(h)).toBe('deadbeef0012abcd');
    expect(fromHex('deadbeef0012abcd')).toEqual(h);
    expect(bands(h)).toEqual([0xdead, 0xbeef, 0x0012, 0xabcd]);
    expect(BANDS).toBe(4);
    expect(() => fromHex('xyz')).toThrow();
  });

  it('counts differing bits', () => {
    expect(hammingDistance({ hi: 0, lo: 0 }, { hi: 0xffffffff, lo: 0xffffffff })).toBe(64);
    expect(hammingDistance({ hi: 0b1011, lo: 1 }, { hi: 0b0001, lo: 0 })).toBe(3);
  });

  it('is a function of the terms and their weights alone', () => {
    const w = new Map([
      ['经济', 3],
      ['增长', 1],
    ]);
    expect(simhash(w)).toEqual(simhash(new Map([...w].reverse())));
    expect(simhash(new Map())).toEqual({ hi: 0, lo: 0 });
  });

  it('keeps a lightly edited reprint within the same-text distance, and tells a different text apart', () => {
    const original = analyzeText('江州老旧小区改造方案发布', PARAGRAPHS.join('\n'));
    // Retitled, a word changed, an editor's line added: boilerplate is stopwords, titles are not fingerprinted.
    const reprint = analyzeText('江州：三年改造1200个老旧小区', `${PARAGRAPHS.join('\n').replace('下月', '下个月')}\n责任编辑：李明`);
    const reformatted = analyzeText('标题', PARAGRAPHS.join('  ').replace(/，/g, ',').replace(/。/g, '. '));
    const other = analyzeText(
      '新能源汽车销量再创新高',
      '今年前十个月，全国新能源汽车销量同比增长三成，出口量首次突破百万辆，动力电池装车量和充电桩保有量同步攀升，业内预计全年渗透率将超过四成。',
    );
    expect(hammingDistance(original.simhash, reprint.simhash)).toBeLessThanOrEqual(SAME_TEXT_DISTANCE);
    expect(reformatted.contentHash).toBe(original.contentHash);
    expect(reprint.contentHash).not.toBe(original.contentHash);
    expect(hammingDistance(original.simhash, other.simhash)).toBeGreaterThan(10);
    // Too short to weigh: only an exact copy lands near.
    const short = analyzeText('快讯', '图片新闻');
    const shortToo = analyzeText('快讯', '视频新闻');
    expect(hammingDistance(short.simhash, shortToo.simhash)).toBeGreaterThan(SAME_TEXT_DISTANCE);
    expect(analyzeText('x', '图片新闻！').simhash).toEqual(short.simhash);
    // Terms count the title as well; fingerprints do not.
    expect(original.counts.get('发布')).toBeGreaterThan(0);
  });
});
