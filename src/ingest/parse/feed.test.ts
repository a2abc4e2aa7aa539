import { readFileSync } from 'node:fs';
import { parseFeed as feedsmithParse } from 'feedsmith';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { isRedianError, type ErrorCode } from '../../errors.js';
import { htmlToText } from '../text.js';
import { parseFeed, parseFeedBytes } from './feed.js';

// The real feedsmith, watched: shows what parseFeed hands it, and that refused feeds never reach it.
vi.mock('feedsmith', async (importOriginal) => {
  const actual = await importOriginal<typeof import('feedsmith')>();
  return { ...actual, parseFeed: vi.fn(actual.parseFeed) };
});
const feedsmith = vi.mocked(feedsmithParse);
beforeEach(() => {
  feedsmith.mockClear();
});

const fixtureBytes = (name: string) => readFileSync(new URL(`./testdata/${name}`, import.meta.url));
const fixture = (name: string) => fixtureBytes(name).toString('utf8');

function errorOf(run: () => unknown): unknown {
  try {
    run();
  } catch (err) {
    return err;
  }
  return undefined;
}

function expectRefusal(run: () => unknown, code: ErrorCode, ...inMessage: string[]) {
  const err = errorOf(run);
  expect(isRedianError(err, code), String(err)).toBe(true);
  for (const text of inMessage) expect((err as Error).message).toContain(text);
}

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
    ['not a feed', '<foo><bar>hello</bar></foo>'],
    ['truncated XML', '<?xml version="1.0"?><rss version="2.0"><channel><title>x'],
    ['empty', ''],
  ])('refuses %s with FEED_INVALID naming the feed', (_name, text) => {
    expectRefusal(() => parseFeed(text, 'https://bad.example/feed'), 'FEED_INVALID', 'https://bad.example/feed');
  });

  it.each([
    ['an HTML page behind an XML declaration and a comment', fixture('home-page.html')],
    ['bare HTML', '<html><body>hello</body></html>'],
    ['an XHTML doctype', '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "x.dtd"><html xmlns="http://www.w3.org/1999/xhtml"></html>'],
  ])('refuses %s as HTML, saying so', (_name, text) => {
    expectRefusal(() => parseFeed(text, 'https://moved.example/rss'), 'FEED_INVALID', 'https://moved.example/rss', 'got an HTML page, not a feed');
    expect(feedsmith).not.toHaveBeenCalled();
  });

  it('returns a repeated guid or URL once, the first item winning', () => {
    const feed = parseFeed(fixture('duplicates.xml'), 'https://dup.example/feed.xml');
    expect(feed.items.map((i) => [i.guid, i.url, i.title])).toEqual([
      ['g-1', 'https://dup.example/1', '第一条'],
      ['g-2', 'https://dup.example/2', '第二条'],
      ['g-4', 'https://dup.example/3', '第三条'],
    ]);
  });
});

describe('parseFeed: titles stay raw', () => {
  const items = () => parseFeed(fixture('entities.xml'), 'https://ent.example/feed.xml').items;

  it('keeps CDATA verbatim: markup and entities inside it are text for the pipeline', () => {
    expect(items()[0]!.title).toBe('CDATA 标题 <b>加粗</b> &amp; 不解码');
    expect(items()[3]!.title).toBe('混合 <em>强调</em> 与 &amp;');
  });

  it('decodes the five predefined entities and numeric references, in text and in links', () => {
    expect(items()[1]).toMatchObject({ title: `五个 <预定义> 实体 & "引号" '单引号'`, url: 'https://ent.example/2?a=1&b=2' });
    expect(items()[2]!.title).toBe('数字引用 中文 © 和 <i>标签</i>');
  });

  it('leaves the pipeline plain text to make', () => {
    expect(items().map((i) => htmlToText(i.title))).toEqual([
      'CDATA 标题 加粗 & 不解码',
      // "<预定义>" is no HTML tag (a tag name starts with a Latin letter), so it stays as text.
      `五个 <预定义> 实体 & "引号" '单引号'`,
      '数字引用 中文 © 和 标签',
      '混合 强调 与 &',
    ]);
  });
});

describe('parseFeed: XML entity declarations', () => {
  it('refuses billion laughs in well under 100 ms, before any XML parser sees it', () => {
    const text = fixture('billion-laughs.xml');
    const started = performance.now();
    const err = errorOf(() => parseFeed(text, 'https://laughs.example/feed'));
    const elapsed = performance.now() - started;
    expect(isRedianError(err, 'FEED_ENTITY_EXPANSION')).toBe(true);
    expect((err as Error).message).toContain('https://laughs.example/feed');
    expect(elapsed).toBeLessThan(100);
    expect(feedsmith).not.toHaveBeenCalled();
  });

  it('refuses an external entity', () => {
    expectRefusal(() => parseFeed(fixture('external-entity.xml'), 'https://xxe.example/feed'), 'FEED_ENTITY_EXPANSION');
    expect(feedsmith).not.toHaveBeenCalled();
  });

  it('would not expand entities even past the guard: feedsmith keeps fast-xml-parser from doing so', async () => {
    const actual = await vi.importActual<typeof import('feedsmith')>('feedsmith');
    const started = performance.now();
    const parsed = actual.parseFeed(fixture('billion-laughs.xml'));
    expect(performance.now() - started).toBeLessThan(100);
    expect(JSON.stringify(parsed.feed)).toContain('&lol9;');
    expect(JSON.stringify(parsed.feed).length).toBeLessThan(2000);
  });

  it('still reads a feed that names an external DTD, which nothing fetches', () => {
    const feed = parseFeed(fixture('rss091-external-dtd.xml'), 'https://old.example/rss');
    expect(feed.items).toEqual([expect.objectContaining({ title: 'Still here', url: 'https://old.example/1' })]);
  });
});

describe('parseFeedBytes', () => {
  it('decodes by the XML declaration, reads GB2312 as GB18030, and hands feedsmith no stale encoding', () => {
    const { feed, charset, charsetFrom } = parseFeedBytes(fixtureBytes('rss-gbk.xml'), 'https://gb.example/rss');
    expect({ charset, charsetFrom }).toEqual({ charset: 'gb18030', charsetFrom: 'xml-declaration' });
    expect(feed.title).toBe('经济日报');
    expect(feed.items[0]).toMatchObject({ guid: 'gb-1', title: '朱镕基会见代表团' });
    const handed = feedsmith.mock.calls[0]![0] as string;
    expect(handed.startsWith('<?xml version="1.0"?>')).toBe(true);
    expect(handed).not.toMatch(/encoding=/);
  });

  it('lets a Content-Type charset decide when it decodes cleanly', () => {
    const bytes = Buffer.from(fixture('rss.xml').replace('encoding="UTF-8"', 'encoding="big5"'), 'utf8');
    const result = parseFeedBytes(bytes, 'https://rss.example/feeds/main.xml', 'application/rss+xml; charset=utf-8');
    expect(result).toMatchObject({ charset: 'utf-8', charsetFrom: 'header' });
    expect(result.feed.title).toBe('测试日报');
  });
});
