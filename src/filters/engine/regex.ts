/**
 * Editors' regular expressions, made safe to run on every collected item.
 *
 * WHY a linear-time engine (re2js, a pure-JavaScript port of RE2) rather than V8 plus a
 * static check: a backtracking engine stalls the ingestion thread on patterns like
 * (a+)+$ — measured with V8 on Node 20 here: 24 a's and a "!" take 0.4 s, every extra
 * character doubles it, so 30 take about half a minute — and no static checker separates safe from unsafe
 * patterns reliably. Tried on the issue's patterns: safe-regex2 (star height) passes
 * (a|aa)+$; redos-detector and scslre catch the evil ones but also refuse ordinary
 * editors' patterns like 震惊.*竟然 (quadratic in theory on a 100,000-char field). RE2
 * runs every pattern in time linear in the input: the same evil patterns take < 1 ms on
 * 31 chars and ~15–150 ms on the full 100,000-char cap. re2-wasm was tried first and
 * rejected: its WebAssembly heap is fixed at 16 MB and compiled patterns can't be freed,
 * so recompiling the rules a few thousand times (every change, every dry run) aborts the
 * process. re2js objects are ordinary garbage.
 *
 * The price: RE2 has no lookahead, lookbehind or backreferences, which need backtracking;
 * such patterns are refused at save time with a Chinese explanation. Syntax is checked
 * against V8 first, so what is saved is also valid JavaScript, as editors are told. One
 * difference remains: RE2's \s is ASCII whitespace only (JavaScript's also matches the
 * ideographic space U+3000); editors can write [\s\u3000] — or rely on keywords, which fold it.
 */
import { RE2JS, RE2JSException } from 're2js';
import { RedianError } from '../../errors.js';
import { buildPrefilter } from './regex-prefilter.js';

/** Longest pattern an editor may save, in characters. */
export const REGEX_MAX_LENGTH = 500;
/** A regex only ever sees the first this many characters of a field. */
export const REGEX_INPUT_CAP = 100_000;

export interface SafeRegex {
  readonly pattern: string;
  /** The distinct non-empty matches, at most `limit`, left to right, in the first REGEX_INPUT_CAP chars. */
  matches(text: string, limit: number): string[];
}

/** Compiles an editor's pattern (JavaScript syntax, flag u, plus i when ignoreCase), or FILTER_INVALID. */
export function compileRegex(pattern: string, ignoreCase: boolean): SafeRegex {
  if (pattern.length === 0) throw invalid('正则表达式不能为空');
  if (pattern.length > REGEX_MAX_LENGTH) {
    throw invalid(`正则表达式不能超过 ${REGEX_MAX_LENGTH} 个字符（现在 ${pattern.length} 个）`);
  }
  try {
    new RegExp(pattern, ignoreCase ? 'iu' : 'u');
  } catch (err) {
    throw invalid(`正则表达式写法有误：${(err as Error).message}`);
  }
  const unsupported = backtrackingOnly(pattern);
  if (unsupported) {
    throw invalid(
      `不支持${unsupported}：为保证任何规则都不会拖慢采集，正则按线性时间引擎（RE2）执行，` +
        '不支持先行断言 (?= (?!、后行断言 (?<= (?<! 和反向引用 \\1 \\k<名称>；请改写，或拆成几条规则',
    );
  }
  let translated: string;
  let re: RE2JS;
  try {
    translated = RE2JS.translateRegExp(pattern);
    re = RE2JS.compile(translated, ignoreCase ? RE2JS.CASE_INSENSITIVE : 0);
  } catch (err) {
    if (!(err instanceof RE2JSException)) throw err;
    throw invalid(`正则表达式用了线性时间引擎（RE2）不支持的写法：${err.message}`);
  }
  // A pattern that can match nothing at all (a*, ^, \b) would hit every item.
  for (const probe of ['', 'a', '中', ' ']) {
    const m = re.matcher(probe);
    if (m.find() && m.end() === m.start()) throw invalid('正则表达式能匹配空文本，会命中每一篇文章；请让它至少匹配一个字符');
  }
  // Most items match no rule. With a literal prefix (震惊.{0,10}竟然) re2js's find() skips
  // ahead by plain string search and is fastest; otherwise its DFA test() answers "no match"
  // 2–7× faster than find(), which then runs only on a hit (measured in bench/filters.ts).
  const literalPrefix = typeof re.re2().prefix === 'string' && re.re2().prefix.length > 0;
  // Cheaper still, when every match needs a literal: look for the literals first (regex-prefilter.ts).
  const prefilter = buildPrefilter(translated, ignoreCase, re);
  return {
    pattern,
    matches(text, limit) {
      const input = text.length > REGEX_INPUT_CAP ? text.slice(0, REGEX_INPUT_CAP) : text;
      if (prefilter && !prefilter.mayMatch(input)) return [];
      const found = new Set<string>();
      if (!literalPrefix && !re.test(input)) return [];
      const m = re.matcher(input);
      while (found.size < limit && m.find()) if (m.end() > m.start()) found.add(m.group()!);
      return [...found];
    },
  };
}

/**
 * The first construct in `pattern` that only a backtracking engine runs, named for editors,
 * or null. Escapes and character classes are skipped, so [(?=] or \(?= are not flagged.
 */
function backtrackingOnly(pattern: string): string | null {
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      const next = pattern[i + 1] ?? '';
      if (!inClass && /[1-9]/.test(next)) return `反向引用 \\${next}`;
      if (!inClass && next === 'k' && pattern[i + 2] === '<') return '命名反向引用 \\k<…>';
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') {
      inClass = true;
    } else if (c === '(' && pattern[i + 1] === '?') {
      const head = pattern.slice(i + 2, i + 4);
      if (head.startsWith('=') || head.startsWith('!')) return `先行断言 (?${head[0]}`;
      if (head === '<=' || head === '<!') return `后行断言 (?${head}`;
    }
  }
  return null;
}

function invalid(detail: string): RedianError {
  return new RedianError('FILTER_INVALID', detail);
}
