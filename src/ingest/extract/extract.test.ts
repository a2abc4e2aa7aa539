import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RedianError } from '../../errors.js';
import { extractArticle } from './extract.js';

const fixture = (name: string) => readFileSync(new URL(`testdata/${name}`, import.meta.url), 'utf8');
const PAGE = 'https://news.example/2019/0905/a.html';
const beijing = (y: number, mo: number, d: number, h = 0, mi = 0) => Date.UTC(y, mo - 1, d, h - 8, mi);

const paragraphs =
  '<p>记者从市图书馆了解到，全市二十六家城市书房实行夜间开放满一年，累计接待读者超过十万人次，晚上到馆的读者占到四成。</p>' +
  '<p>馆长表示，夜间开放最初是为了方便上班族，如今来夜读的还有不少学生和退休老人，书房也增加了自习座位和充电插座。</p>';

function extractError(html: string, options?: { selector?: string }): RedianError {
  try {
    extractArticle(html, PAGE, options);
  } catch (err) {
    if (err instanceof RedianError) return err;
    throw err;
  }
  throw new Error('expected EXTRACT_FAILED');
}

describe('extractArticle', () => {
  it('reads a portal page whose only metadata is the byline under the headline', () => {
    const a = extractArticle(fixture('byline.html'), PAGE);
    expect(a).toMatchObject({
      title: '长江流域今年首次开展禁渔效果评估',
      author: '张三、李四',
      publishedAt: beijing(2019, 9, 5, 11, 10),
      siteName: '新浪网',
      origin: '新华社',
      leadImage: 'https://news.example/img/2019/0905/river.jpg',
    });
    expect(a.text).toMatch(/^新华社武汉9月5日电 记者从农业农村部/);
    expect(a.text).toContain('“一江碧水向东流”');
    // Navigation, byline, editor line and footer are not article text.
    expect(a.text).not.toMatch(/首页|来源：|分享到微博|责任编辑|Copyright/);
    expect(a.contentHtml).toContain('<img src="https://news.example/img/2019/0905/river.jpg"');
  });

  it('prefers JSON-LD and meta tags to the byline text', () => {
    const a = extractArticle(fixture('structured.html'), PAGE);
    expect(a).toMatchObject({
      title: '城市书房夜间开放满一年：读者超过十万人次',
      author: '赵六、钱七',
      publishedAt: Date.UTC(2021, 3, 23, 12, 30),
      siteName: '腾讯新闻',
      leadImage: 'https://inews.gtimg.com/newsapp_bt/0/1234/640.jpg',
    });
    // The lazy image is kept for the sanitizer, which picks its real source.
    expect(a.contentHtml).toContain('data-original="/photo/night-reading.jpg"');
  });

  it('takes the byline time when the metadata gives only the same day', () => {
    const html =
      '<html><head><title>城市书房夜间开放满一年_新闻_人民网</title><meta name="publishdate" content="2021-04-23"><meta name="author" content="赵六"></head>' +
      `<body><h1>城市书房夜间开放满一年</h1><div>2021年04月23日 20:30 来源：人民网</div><div>${paragraphs}</div></body></html>`;
    expect(extractArticle(html, PAGE)).toMatchObject({ author: '赵六', publishedAt: beijing(2021, 4, 23, 20, 30), siteName: '人民网' });
  });

  it('keeps the metadata date when the byline shows another day', () => {
    const html =
      '<html><head><title>城市书房夜间开放满一年</title><meta name="pubdate" content="2021-04-23"></head>' +
      `<body><h1>城市书房夜间开放满一年</h1><div>2021-04-20 20:30</div><div>${paragraphs}</div></body></html>`;
    expect(extractArticle(html, PAGE).publishedAt).toBe(beijing(2021, 4, 23));
  });

  it('reads an RFC 2822 date in article:published_time, and the credited source from <meta name="source">', () => {
    const html =
      '<html><head><title>城市书房夜间开放满一年</title><meta property="article:published_time" content="Thu, 05 Sep 2019 11:10:00 +0800">' +
      `<meta name="source" content="人民日报海外版"></head><body><h1>城市书房夜间开放满一年</h1><div>${paragraphs}</div></body></html>`;
    expect(extractArticle(html, PAGE)).toMatchObject({ publishedAt: beijing(2019, 9, 5, 11, 10), origin: '人民日报海外版' });
  });

  it('uses the editor when the page names no author', () => {
    const html = `<html><head><title>城市书房夜间开放满一年</title></head><body><h1>城市书房夜间开放满一年</h1><p>责任编辑：王五</p><div>${paragraphs}</div></body></html>`;
    expect(extractArticle(html, PAGE).author).toBe('王五');
  });

  it('keeps a title that a heading shows whole, subtitle included', () => {
    const html =
      '<html><head><title>奋进新征程——记全国劳动模范张三——光明网</title></head>' +
      `<body><h1>奋进新征程——记全国劳动模范张三</h1><div>${paragraphs}</div></body></html>`;
    expect(extractArticle(html, PAGE)).toMatchObject({ title: '奋进新征程——记全国劳动模范张三', siteName: '光明网' });
  });

  it('takes the element a selector names, with links resolved against <base href>, without scripts', () => {
    const a = extractArticle(fixture('selector.html'), PAGE, { selector: '#zoom' });
    expect(a.title).toBe('关于开展2024年度社区志愿服务项目申报工作的通知');
    expect(a.siteName).toBe('某某区政府网');
    expect(a.text).toBe('各街道、各有关单位：\n现将2024年度社区志愿服务项目申报工作有关事项通知如下。\n申报材料请于5月31日前报送，详见申报表。');
    expect(a.contentHtml).toContain('href="https://gov.example/zwgk/files/apply.docx"');
    expect(a.contentHtml).not.toContain('<script');
    // Without the selector the longer sidebar wins: the reason the option exists.
    expect(extractArticle(fixture('selector.html'), PAGE).text).not.toContain('申报');
  });

  it('fails with EXTRACT_FAILED on a page without an article', () => {
    expect(extractError(fixture('no-article.html')).code).toBe('EXTRACT_FAILED');
    expect(extractError('').code).toBe('EXTRACT_FAILED');
  });

  it('fails with EXTRACT_FAILED when the selector matches nothing or is not a selector', () => {
    expect(extractError(fixture('selector.html'), { selector: '#missing' }).message).toContain('#missing');
    expect(extractError(fixture('selector.html'), { selector: 'p[' }).code).toBe('EXTRACT_FAILED');
  });
});
