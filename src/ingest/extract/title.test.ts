import { describe, expect, it } from 'vitest';
import { stripSiteName, titlePrefixes } from './title.js';

describe('stripSiteName', () => {
  it.each([
    ['长江流域首次开展禁渔效果评估_网易新闻', '长江流域首次开展禁渔效果评估', '网易新闻'],
    ['长江流域首次开展禁渔效果评估 - 新浪网', '长江流域首次开展禁渔效果评估', '新浪网'],
    ['长江流域首次开展禁渔效果评估|腾讯新闻', '长江流域首次开展禁渔效果评估', '腾讯新闻'],
    ['长江流域首次开展禁渔效果评估——光明网', '长江流域首次开展禁渔效果评估', '光明网'],
    ['COVID-19疫苗研发进展 - 澎湃新闻', 'COVID-19疫苗研发进展', '澎湃新闻'],
    // Channel names between the headline and the site name go too.
    ['DeepMind新电脑已可利用记忆自学 人工智能迈上新台阶_科技_腾讯网', 'DeepMind新电脑已可利用记忆自学 人工智能迈上新台阶', '腾讯网'],
    ['宇航员在太空中喝酒会怎么样？后果很严重 _探索者 _光明网', '宇航员在太空中喝酒会怎么样？后果很严重', '光明网'],
    ['海外留学生看两会_教育频道_中国青年网', '海外留学生看两会', '中国青年网'],
    ['快讯_新浪网', '快讯', '新浪网'],
  ])('cuts the site name from %s', (raw, title, siteName) => {
    expect(stripSiteName(raw)).toEqual({ title, siteName });
  });

  it.each([
    ['奋进新征程——记全国劳动模范张三'],
    ['坚守——一位老报人的新闻'],
    ['北京冬奥会开幕 - 现场直击'],
    ['2023年高考作文题_全国甲卷'],
    ['A|B测试的十个误区'],
    ['新浪网'],
    ['_新浪网'],
  ])('keeps %s whole: a subtitle, not a site name, or nothing would be left', (raw) => {
    expect(stripSiteName(raw)).toEqual({ title: raw });
  });

  it('cuts a name the page declares (og:site_name) even when it does not look like one', () => {
    expect(stripSiteName('城市书房夜间开放满一年 | The Paper', ['The Paper'])).toEqual({
      title: '城市书房夜间开放满一年',
      siteName: 'The Paper',
    });
    expect(stripSiteName('城市书房夜间开放满一年 | The Paper')).toEqual({ title: '城市书房夜间开放满一年 | The Paper' });
  });
});

describe('titlePrefixes', () => {
  it('lists the headline candidates a page heading may agree with, longest first', () => {
    expect(titlePrefixes('新竹尖石_美樹營地賞楓 (2) @ 史蒂文的家_藍天')).toEqual([
      '新竹尖石_美樹營地賞楓 (2) @ 史蒂文的家',
      '新竹尖石_美樹營地賞楓 (2)',
      '新竹尖石',
    ]);
  });
});
