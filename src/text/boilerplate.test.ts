import { describe, expect, it } from 'vitest';
import { analyzeText } from './analyze.js';
import { isBoilerplateLine, stripBoilerplate } from './boilerplate.js';

describe('boilerplate', () => {
  it('recognizes the lines reprinting sites add', () => {
    for (const line of [
      '本文来源：江州新闻网',
      '责任编辑：李明',
      '【编者按】近来城市更新成为热点，我们特转发这篇长篇报道，欢迎读者留言讨论，本文观点仅代表作者本人，与本站立场无关，特此说明。',
      '编者按：本文转载时有删节。',
      '原标题：江州老旧小区改造方案发布',
      '声明：本文转载自江州日报，版权归原作者所有，如有侵权请联系删除。',
      '点击关注江州新闻网，获取更多精彩内容',
      '扫码下载云澜日报APP，热点新闻随时看',
      '【广告】年终大促，爆款家电限时五折',
      '更多精彩内容，请关注掌上热点微信公众号',
      '来源 | 江州新闻网',
    ])
      expect(isBoilerplateLine(line), line).toBe(true);
  });

  it('keeps the story, even where it uses the same words', () => {
    for (const line of [
      '资金来源于市区两级财政和社会资本。',
      '编辑部收到了大量读者来信。',
      '市民扫码即可查询公交到站时间，这一服务已覆盖全市两百多条线路，今后还将接入地铁和共享单车的实时信息，方便市民出行规划。',
      '关于改造资金，市住建局负责人在发布会上说，首批项目下月开工。',
    ])
      expect(isBoilerplateLine(line), line).toBe(false);
  });

  it('drops furniture lines and inline credits, leaving the story lines as they were', () => {
    expect(stripBoilerplate('第一段。\n责任编辑：李明\n第二段（来源：新华社）。\n点击关注我们')).toBe('第一段。\n第二段。');
    expect(stripBoilerplate('')).toBe('');
  });

  it('leaves a reprint with its furniture the same text as the original', () => {
    const body = '江州市政府今天发布老旧小区改造三年行动方案，计划完成一千二百个小区的改造。\n改造内容包括加装电梯、更新供水管线和增设充电设施。';
    const reprint = `编者按：城市更新关系千家万户。\n${body}\n本文来源：江州日报\n责任编辑：李明\n扫码下载江州新闻APP`;
    expect(analyzeText('新标题', reprint).contentHash).toBe(analyzeText('原标题', body).contentHash);
  });
});
