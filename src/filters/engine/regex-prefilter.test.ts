import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import { compileRegex } from './regex.js';
import { buildPrefilter, foldLiteral, foldText, type Requirement } from './regex-prefilter.js';

function requirement(pattern: string, ignoreCase: boolean): Requirement | null {
  const translated = RE2JS.translateRegExp(pattern);
  return buildPrefilter(translated, ignoreCase, RE2JS.compile(translated, ignoreCase ? RE2JS.CASE_INSENSITIVE : 0))?.requirement ?? null;
}

/** RE2 alone, as regex.ts ran it before the prefilter: the distinct non-empty matches, at most `limit`. */
function reference(pattern: string, ignoreCase: boolean, text: string, limit = 20): string[] {
  const m = RE2JS.compile(RE2JS.translateRegExp(pattern), ignoreCase ? RE2JS.CASE_INSENSITIVE : 0).matcher(text);
  const found = new Set<string>();
  while (found.size < limit && m.find()) if (m.end() > m.start()) found.add(m.group()!);
  return [...found];
}

describe('buildPrefilter', () => {
  it('derives the literals every match of the benchmarks’ patterns contains', () => {
    // bench/ingest.ts (ignoreCase)
    expect(requirement('1[3-9]\\d{9}', true)).toBe('1');
    expect(requirement('(?:加微信|加v|vx)[:：]?\\s*[a-z0-9_-]{5,}', true)).toEqual({ any: [{ all: ['加', { any: ['微信', 'v'] }] }, 'vx'] });
    expect(requirement('https?://[^\\s]+\\.(?:xyz|top|click)\\b', true)).toEqual({ all: ['http', '://', '.', { any: ['xyz', 'top', 'click'] }] });
    // bench/filters.ts (ignoreCase): the fixed ones, and the two generated shapes
    expect(requirement('^【.*】', true)).toEqual({ all: ['【', '】'] });
    expect(requirement('震惊.{0,10}竟然', true)).toEqual({ all: ['震惊', '竟然'] });
    expect(requirement('(微信|QQ|qq)[:：]?\\s?\\w{5,}', true)).toEqual({ any: ['微信', 'qq'] });
    expect(requirement('https?://\\S+', true)).toEqual({ all: ['http', '://'] });
    expect(requirement('\\d{3,4}-\\d{7,8}', true)).toBe('-');
    expect(requirement('[\\u4e00-\\u9fa5]{2,4}有限公司', true)).toBe('有限公司');
    expect(requirement('科技股|新能源|降准', true)).toEqual({ any: ['科技股', '新能源', '降准'] });
    expect(requirement('央行.{0,8}降准', true)).toEqual({ all: ['央行', '降准'] });
  });

  it('requires nothing when a match can avoid every literal', () => {
    for (const p of ['\\d{11}', '[a-z]+', '(广告)?\\d+', '广告|\\w+', '(?:推广)*[0-9]', '.{3}']) expect(requirement(p, false)).toBeNull();
    // Case-insensitive: a literal with a cased character outside the BMP can't be folded unit by unit.
    expect(requirement('𐐀x|广告', true)).toBeNull();
    expect(requirement('𐐀x|广告', false)).toEqual({ any: ['𐐀x', '广告'] });
  });

  it('folds literals and text so that RE2’s case-insensitive matches always pass', () => {
    expect(foldLiteral('KELVIN')).toBe(foldText('kelvin'));
    expect(foldText('Kelvin')).toBe('kelvin'); // the Kelvin sign, which (?i)k matches
    expect(foldText('ſtop ΣΟΦΟΣ ς µ')).toBe('stop σοφοσ σ μ');
    expect(foldText('Ｖｘ 中文')).toBe('ｖｘ 中文'); // width is kept: RE2's (?i)v does not match Ｖ
    expect(foldText('𐐀😀')).toBe('𐐀😀');
  });

  it('puts every pair RE2 folds together in one group (checked against RE2 over every cased BMP character)', () => {
    const cased = new Set<number>();
    for (let u = 0; u < 0x10000; u++) {
      if (u >= 0xd800 && u <= 0xdfff) continue;
      const c = String.fromCharCode(u);
      for (const mapped of [c.toLowerCase(), c.toUpperCase()]) {
        if (mapped === c) continue;
        cased.add(u);
        if (mapped.length === 1) cased.add(mapped.charCodeAt(0));
      }
    }
    const units = [...cased].sort((a, b) => a - b);
    const haystack = String.fromCharCode(...units);
    const hex = (u: number) => `\\x{${u.toString(16)}}`;
    const split: string[] = [];
    for (const u of units) {
      const m = RE2JS.compile(hex(u), RE2JS.CASE_INSENSITIVE).matcher(haystack);
      while (m.find()) if (foldText(m.group()!) !== foldLiteral(String.fromCharCode(u))) split.push(`${hex(u)}~${hex(m.group()!.charCodeAt(0))}`);
    }
    expect(split).toEqual([]);
    // And RE2 folds none of them to a character JavaScript considers caseless.
    let others = '';
    for (let u = 0; u < 0x10000; u++) if (!cased.has(u) && (u < 0xd800 || u > 0xdfff)) others += String.fromCharCode(u);
    const anyCased = RE2JS.compile(`[${units.map(hex).join('')}]`, RE2JS.CASE_INSENSITIVE).matcher(others);
    expect(anyCased.find() ? hex(anyCased.group()!.charCodeAt(0)) : null).toBeNull();
  });
});

/** Patterns of regex.test.ts, compile.test.ts and the benchmarks, and harder ones, each with texts it matches. */
const CASES: [pattern: string, ignoreCase: boolean, seeds: string[]][] = [
  ['广告|推广', false, ['本文含推广链接和广告']],
  ['\\d{11}', false, ['联系电话 13812345678']],
  ['^【.*】', false, ['【独家】标题【二】']],
  ['震惊.{0,10}竟然', false, ['震惊！他竟然这样做']],
  ['[\\u4e00-\\u9fa5]+公司', false, ['某某科技公司发布']],
  ['iphone\\s?\\d+', true, ['新款 IPhone 16 和 iphone15']],
  ['iphone', false, ['iphone IPhone']],
  ['尾巴', false, ['长长的尾巴']],
  ['\\(?=', false, ['(=']],
  ['[(?=]+', false, ['(?=']],
  ['iphone\\d+', true, ['IPHONE16 发布']],
  ['1[3-9]\\d{9}', true, ['电话 13912345678']],
  ['(?:加微信|加v|vx)[:：]?\\s*[a-z0-9_-]{5,}', true, ['加微信：abc_12345', '请加V: Wx-8888', 'VX abcdef']],
  ['https?://[^\\s]+\\.(?:xyz|top|click)\\b', true, ['访问 HTTPS://win.example.XYZ 领奖', 'http://a.b.click/x']],
  ['(微信|QQ|qq)[:：]?\\s?\\w{5,}', true, ['加 QQ：12345678', '微信 abcdef', 'Qq 99999']],
  ['https?://\\S+', true, ['见 https://news.example.cn/a']],
  ['\\d{3,4}-\\d{7,8}', true, ['电话 010-12345678']],
  ['[\\u4e00-\\u9fa5]{2,4}有限公司', true, ['北京某某科技有限公司成立']],
  ['科技股|新能源|降准', true, ['央行宣布降准', '新能源汽车']],
  ['央行.{0,8}降准', true, ['央行今日宣布降准']],
  // Alternations with optional parts, classes, anchors, repeats, nesting.
  ['(新华社|人民日报)?记者.{0,5}报道', false, ['新华社记者张三报道', '本报记者报道']],
  ['(?:独家|重磅)[:：]', false, ['独家：内幕', '重磅:消息']],
  ['^广告$', false, ['广告']],
  ['标题$', true, ['这是标题']],
  ['(?:ab|cd){2,}x', true, ['ABcdX', 'cdcdx']],
  ['x(?:yz)?w', true, ['XW', 'xYzw']],
  ['((a|b)c|d)e', false, ['ace', 'bce', 'de']],
  ['[^a]bc|q{2}', false, ['xbc', 'qq']],
  ['\\b(?:QQ|VX)\\d{5,}\\b', true, ['qq123456 ', 'Vx99999']],
  // Case folding beyond ASCII, and full-width text.
  ['kelvin|ſtop', true, ['KELVIN', 'STOP', 'ſtop', 'Kelvin']],
  ['ΣΟΦΟΣ|µm', true, ['σοφος', 'σοφοσ', 'ΜM', 'μm']],
  ['STRASSE|straße', true, ['strasse', 'STRAẞE']],
  ['ＶＩＰ会员|vip', true, ['ｖｉｐ会员', 'ＶＩＰ会员', 'VIP']],
  ['ｖｉｐ', false, ['ｖｉｐ']],
  ['😀+笑|𐐀x', true, ['😀😀笑', '𐐨X']],
  // More than INCLUDES_MAX literals: searched with an automaton.
  ['alpha|beta|gamma|delta|epsilon|zeta|eta|theta|iota|kappa|sigma', true, ['ALPHA', 'Kappa', 'ſigma', 'ΣIGMA', 'zEtA']],
  ['甲午|乙未|丙申|丁酉|戊戌|己亥|庚子|辛丑|壬寅|癸卯', false, ['庚子年', '癸卯']],
];

/** Seeded: the same texts every run. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
}

const NOISE = ['的', '新闻', ' ', '：', '1', 'a', 'K', 'k', 'ſ', 's', 'ς', 'Ｘ', '　', '\n', '【', '】', '.'];
const VARIANTS: Record<string, string[]> = { k: ['K', 'K'], s: ['S', 'ſ'], σ: ['Σ', 'ς'], μ: ['µ', 'Μ'], ß: ['ẞ'] };

/** `text` mutated a few times: case and orbit variants, full width, deletions, insertions, cuts. */
function mutate(random: () => number, text: string): string {
  const chars = [...text];
  const at = () => Math.floor(random() * chars.length);
  for (let n = 1 + Math.floor(random() * 3); n > 0 && chars.length > 0; n--) {
    const i = at();
    const c = chars[i]!;
    const kind = Math.floor(random() * 6);
    if (kind === 0) chars[i] = random() < 0.5 ? c.toUpperCase() : c.toLowerCase();
    else if (kind === 1) chars[i] = VARIANTS[c.toLowerCase()]?.[Math.floor(random() * 2)] ?? c;
    else if (kind === 2 && c.charCodeAt(0) >= 0x21 && c.charCodeAt(0) <= 0x7e) chars[i] = String.fromCharCode(c.charCodeAt(0) + 0xfee0);
    else if (kind === 3) chars.splice(i, 1);
    else if (kind === 4) chars.splice(i, 0, NOISE[Math.floor(random() * NOISE.length)]!);
    else chars.splice(0, chars.length, ...chars.slice(at()));
  }
  return chars.join('');
}

describe('compileRegex with its prefilter', () => {
  it('finds exactly what RE2 alone finds, on seeds and thousands of mutations of them', () => {
    const random = rng(20261127);
    const wrong: string[] = [];
    let matched = 0;
    let skipped = 0;
    let runs = 0;
    for (const [pattern, ignoreCase, seeds] of CASES) {
      const re = compileRegex(pattern, ignoreCase);
      const translated = RE2JS.translateRegExp(pattern);
      const prefilter = buildPrefilter(translated, ignoreCase, RE2JS.compile(translated, ignoreCase ? RE2JS.CASE_INSENSITIVE : 0));
      const texts = [...seeds, '', '普通的新闻正文，没有任何需要处理的内容。'];
      for (let i = 0; i < 300; i++) {
        const base = seeds[Math.floor(random() * seeds.length)]!;
        const text = mutate(random, random() < 0.3 ? `${mutate(random, base)}${NOISE[Math.floor(random() * NOISE.length)]}${base}` : base);
        texts.push(text, `新闻正文开头，${text}，结尾。`);
      }
      for (const text of texts) {
        runs++;
        const expected = reference(pattern, ignoreCase, text);
        const actual = re.matches(text, 20);
        if (JSON.stringify(actual) !== JSON.stringify(expected)) wrong.push(`/${pattern}/${ignoreCase ? 'i' : ''} on ${JSON.stringify(text)}: ${JSON.stringify(actual)} ≠ ${JSON.stringify(expected)}`);
        if (expected.length > 0) matched++;
        else if (prefilter && !prefilter.mayMatch(text)) skipped++;
      }
    }
    expect(wrong).toEqual([]);
    // The texts exercise both sides: many matches, and many non-matches the prefilter answered alone.
    expect(matched).toBeGreaterThan(runs / 4);
    expect(skipped).toBeGreaterThan(runs / 10);
  });
});
