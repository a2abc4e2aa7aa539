import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isRedianError } from '../../errors.js';
import { parseFeed } from './feed.js';

const fixture = (name: string) => readFileSync(new URL(`./testdata/${name}`, import.meta.url), 'utf8');

describe('parseFeed', () => {
  it('reads RSS 2.0 with content:encoded, dc:creator and categories, resolving relative links', () => {
    const feed = parseFeed(fixture('rss.xml'), 'https://rss.example/feeds/main.xml');
    expect(feed).toMatchObject({ format: 'rss', title: '测试日报', siteUrl: 'https://rss.example/' });
    expect(feed.items).toHaveLength(2);
    expect(feed.items[0]).toEqual({
      guid: 't-1',
      url: 'https://rss.example/news/1.html',
      title: '第一条 <b>新闻</b>',
      author: '记者 张三',
      summary: '第一条的摘要。',
      contentHtml: '<p>正文<img src="img/1.jpg"></p>',
      publishedAt: Date.parse('2026-11-20T01:30:00Z'),
      categories: ['科技', '人工智能'],
    });
    // No guid: the link stands in; no date: left for the pipeline's first-seen time.
    expect(feed.items[1]).toMatchObject({ guid: 'https://other.example/2.html', publishedAt: undefined, contentHtml: undefined });
  });

  it('reads Atom, preferring the alternate link and the published date', () => {
    const feed = parseFeed(fixture('atom.xml'), 'https://atom.example/feed.atom');
    expect(feed.format).toBe('atom');
    expect(feed.items[0]).toMatchObject({
      guid: 'urn:atom-news:1',
      url: 'https://atom.example/a/1',
      author: '李四',
      summary: 'Atom 摘要',
      publishedAt: Date.parse('2026-11-21T10:00:00Z'),
      categories: ['财经'],
    });
    expect(feed.items[0]!.contentHtml).toContain('Atom 正文');
  });

  it('reads JSON Feed', () => {
    const feed = parseFeed(fixture('feed.json'), 'https://json.example/feed.json');
    expect(feed.format).toBe('json');
    expect(feed.items[0]).toMatchObject({ guid: 'j-1', url: 'https://json.example/j/1', author: '王五', contentHtml: '<p>JSON 正文</p>', categories: ['体育'] });
  });

  it.each([
    ['not a feed', '<html><body>hello</body></html>'],
    ['truncated XML', '<?xml version="1.0"?><rss version="2.0"><channel><title>x'],
    ['empty', ''],
  ])('refuses %s with FEED_INVALID naming the feed', (_name, text) => {
    let err: unknown;
    try {
      parseFeed(text, 'https://bad.example/feed');
    } catch (e) {
      err = e;
    }
    expect(isRedianError(err, 'FEED_INVALID')).toBe(true);
    expect((err as Error).message).toContain('https://bad.example/feed');
  });
});
