import { describe, expect, it } from 'vitest';
import { countsAsRead, isBot, isPrefetch } from './countable.js';

const headers = (h: Record<string, string>) => (name: string) => h[name];

describe('what counts as a read', () => {
  it.each([
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
    'Mozilla/5.0 (Linux; Android 14; 22081212C Build/UKQ1.230917.001) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/118.0 Mobile Safari/537.36 XiaoMi/MiuiBrowser/18.2',
    'Mozilla/5.0 (Linux; Android 13; V2227A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/107.0 Mobile Safari/537.36 MicroMessenger/8.0.47',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.0.0',
    'Mozilla/5.0 (Windows NT 10.0; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/86.0 Safari/537.36 SE 2.X MetaSr 1.0',
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0 Safari/537.36',
  ])('counts a browser: %s', (ua) => {
    expect(isBot(ua)).toBe(false);
    expect(countsAsRead('GET', headers({ 'user-agent': ua }))).toBe(true);
  });

  it.each([
    'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
    'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) Chrome/116.0 Safari/537.36',
    'Mozilla/5.0 (compatible; Baiduspider-render/2.0; +http://www.baidu.com/search/spider.html)',
    'Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)',
    'Mozilla/5.0 (compatible; YisouSpider/5.0)',
    'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
    'curl/7.88.1',
    'python-requests/2.32.3',
    'node-fetch/1.0 (+https://github.com/bitinn/node-fetch)',
    '   ',
    '',
  ])('does not count a crawler or script: %s', (ua) => {
    expect(isBot(ua)).toBe(true);
  });

  it('does not count HEAD or speculative loads', () => {
    const ua = { 'user-agent': 'Mozilla/5.0 (iPhone) Safari/604.1' };
    expect(countsAsRead('HEAD', headers(ua))).toBe(false);
    const speculative: Array<Record<string, string>> = [{ purpose: 'prefetch' }, { 'sec-purpose': 'prefetch' }, { 'sec-purpose': 'prefetch;prerender' }, { 'x-moz': 'prefetch' }, { 'x-purpose': 'preview' }];
    for (const h of speculative) {
      expect(isPrefetch(headers(h))).toBe(true);
      expect(countsAsRead('GET', headers({ ...ua, ...h }))).toBe(false);
    }
  });

  it('answers the same for an agent seen before, bot or not', () => {
    const bot = 'Mozilla/5.0 (compatible; Bytespider; spider-feedback@bytedance.com)';
    const reader = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15';
    for (let i = 0; i < 3; i++) {
      expect(isBot(bot)).toBe(true);
      expect(isBot(reader)).toBe(false);
    }
    // Past the remembered agents' limit, answers are still computed, not guessed.
    for (let i = 0; i < 1500; i++) expect(isBot(`Mozilla/5.0 reader-${i}`)).toBe(false);
    expect(isBot(bot)).toBe(true);
    expect(isBot(`${'x'.repeat(600)} crawler`)).toBe(true);
  });
});
