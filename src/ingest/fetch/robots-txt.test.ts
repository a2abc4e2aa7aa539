import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RobotsTxt } from './robots-txt.js';

const newsSite = RobotsTxt.parse(readFileSync(new URL('./testdata/robots.txt', import.meta.url), 'utf8'));

describe('RobotsTxt', () => {
  it('applies the groups naming redian, merged, case-insensitively and ignoring versions', () => {
    expect(newsSite.isAllowed('/no-aggregators/page')).toBe(false);
    expect(newsSite.isAllowed('/tmp/x')).toBe(false);
    expect(newsSite.isAllowed('/no-aggregators/feed.xml')).toBe(true);
    // The * group does not apply once a group names us.
    expect(newsSite.isAllowed('/admin/')).toBe(true);
  });

  it('falls back to the * group for other agents, and other agents get their own group', () => {
    expect(newsSite.isAllowed('/admin/login', 'otherbot')).toBe(false);
    expect(newsSite.isAllowed('/news/1.html', 'otherbot')).toBe(true);
    expect(newsSite.isAllowed('/search?q=x', 'googlebot')).toBe(false);
    expect(newsSite.isAllowed('/search?q=x', 'baiduspider')).toBe(false);
    expect(newsSite.isAllowed('/admin/', 'googlebot')).toBe(true);
  });

  it('lets the longest matching pattern win, and Allow win a tie', () => {
    expect(newsSite.isAllowed('/private/x', 'otherbot')).toBe(false);
    expect(newsSite.isAllowed('/private/press-2026.html', 'otherbot')).toBe(true);
    const tie = RobotsTxt.parse('User-agent: *\nDisallow: /page\nAllow: /page\n');
    expect(tie.isAllowed('/page')).toBe(true);
    const shorterAllow = RobotsTxt.parse('User-agent: *\nAllow: /\nDisallow: /a\n');
    expect(shorterAllow.isAllowed('/abc')).toBe(false);
    expect(shorterAllow.isAllowed('/b')).toBe(true);
  });

  it('supports * and a final $', () => {
    expect(newsSite.isAllowed('/data/list.json', 'otherbot')).toBe(false);
    expect(newsSite.isAllowed('/data/list.json?v=2', 'otherbot')).toBe(true);
    const robots = RobotsTxt.parse('User-agent: *\nDisallow: /*/print\nDisallow: /*?sessionid=\nDisallow: /exact$\n');
    expect(robots.isAllowed('/news/42/print')).toBe(false);
    expect(robots.isAllowed('/news/42/printable')).toBe(false);
    expect(robots.isAllowed('/print')).toBe(true);
    expect(robots.isAllowed('/a?sessionid=1')).toBe(false);
    expect(robots.isAllowed('/exact')).toBe(false);
    expect(robots.isAllowed('/exact/more')).toBe(true);
    // A $ inside a pattern is an ordinary character.
    expect(RobotsTxt.parse('User-agent: *\nDisallow: /a$b\n').isAllowed('/a$bc')).toBe(false);
  });

  it('matches non-ASCII patterns against the percent-encoded paths URLs carry', () => {
    const path = new URL('https://news.example/新闻/草稿/1.html').pathname;
    expect(path).toBe('/%E6%96%B0%E9%97%BB/%E8%8D%89%E7%A8%BF/1.html');
    expect(newsSite.isAllowed(path, 'otherbot')).toBe(false);
    expect(RobotsTxt.parse('User-agent: *\nDisallow: /%e6%96%b0\n').isAllowed(path)).toBe(false);
  });

  it('treats an empty Disallow as no rule, and rules before any User-agent as no rules', () => {
    expect(RobotsTxt.parse('User-agent: *\nDisallow:\n').isAllowed('/anything')).toBe(true);
    expect(RobotsTxt.parse('Disallow: /\nUser-agent: *\nAllow: /x\n').isAllowed('/y')).toBe(true);
  });

  it('reads CR and CRLF line ends, a BOM and comments', () => {
    expect(RobotsTxt.parse('\uFEFFUser-agent: *\r\nDisallow: /a # private\r\n').isAllowed('/a/b')).toBe(false);
    expect(RobotsTxt.parse('User-agent: *\rDisallow: /a\r').isAllowed('/a')).toBe(false);
  });

  it('always allows /robots.txt itself, and has fixed allow-all and disallow-all files', () => {
    expect(RobotsTxt.disallowAll.isAllowed('/robots.txt')).toBe(true);
    expect(RobotsTxt.disallowAll.isAllowed('/')).toBe(false);
    expect(RobotsTxt.allowAll.isAllowed('/admin')).toBe(true);
  });

  it('matches hostile wildcard patterns without backtracking', () => {
    const robots = RobotsTxt.parse(`User-agent: *\nDisallow: /${'a*'.repeat(200)}b\n`);
    const started = performance.now();
    expect(robots.isAllowed(`/${'a'.repeat(5000)}`)).toBe(true);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
