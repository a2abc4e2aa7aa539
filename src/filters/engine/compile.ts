/**
 * The editorial rules compiled once (on every rule change, not per item): keyword rules and
 * sensitive lists become automatons, regexes linear-time matchers, replacements one
 * replacer per source. Judging an item then reads each field once per rule or list.
 */
import { RedianError } from '../../errors.js';
import type {
  CompiledRules,
  EditorialRules,
  FilterRule,
  ItemFields,
  Reason,
  RuleField,
  SensitiveList,
  SourceFilter,
  Verdict,
  WordReplacement,
} from '../types.js';
import { Automaton } from './automaton.js';
import { compileRegex } from './regex.js';
import { Replacer } from './replacer.js';

/** Matched words shown per reason. */
export const TERMS_LIMIT = 20;

const FIELD_LABELS: Record<RuleField, string> = { title: '标题', text: '正文', author: '作者', url: '链接', any: '标题/正文/作者' };
const LABEL_PATTERN_LENGTH = 30;

/** A rule ready to run: the distinct matches in the item's fields, at most `limit`. */
interface RuleMatcher {
  rule: FilterRule;
  label: string;
  terms(item: ItemFields, limit: number): string[];
}

interface ListMatcher {
  list: SensitiveList;
  automaton: Automaton;
}

export function compileRules(rules: EditorialRules): CompiledRules {
  const matchers = rules.rules.filter((r) => r.enabled).map(compileRule);
  const lists: ListMatcher[] = rules.lists.filter((l) => l.enabled).map((list) => ({ list, automaton: Automaton.build(list.words) }));
  const replacements = rules.replacements.filter((r) => r.enabled);
  const globalReplacements = sortById(replacements.filter((r) => r.sourceId === null));
  let globalReplacer: Replacer | undefined;
  const bySource = new Map<number, SourceFilter>();
  return {
    forSource(sourceId) {
      let filter = bySource.get(sourceId);
      if (!filter) {
        const own = sortById(replacements.filter((r) => r.sourceId === sourceId));
        // Sources without replacements of their own share the global replacer.
        const replacer = own.length > 0 ? new Replacer([...globalReplacements, ...own]) : (globalReplacer ??= new Replacer(globalReplacements));
        const applicable = matchers.filter((m) => m.rule.sourceId === null || m.rule.sourceId === sourceId);
        filter = sourceFilter(applicable, lists, replacer);
        bySource.set(sourceId, filter);
      }
      return filter;
    },
  };
}

function sourceFilter(matchers: RuleMatcher[], lists: ListMatcher[], replacer: Replacer): SourceFilter {
  const block = matchers.filter((m) => m.rule.action === 'block');
  const keep = matchers.filter((m) => m.rule.action === 'keep');
  const hold = matchers.filter((m) => m.rule.action === 'hold');
  return {
    empty: matchers.length === 0 && lists.length === 0 && replacer.empty,
    replaceText: (text) => replacer.replaceText(text),
    replaceHtml: (html) => replacer.replaceHtml(html),
    judge(item): Verdict {
      const reasons: Reason[] = [];
      let blocked = false;
      let held = false;
      for (const m of block) {
        const terms = m.terms(item, TERMS_LIMIT);
        if (terms.length > 0) {
          reasons.push({ kind: 'rule', id: m.rule.id, label: m.label, terms });
          blocked = true;
        }
      }
      if (keep.length > 0 && !keep.some((m) => m.terms(item, 1).length > 0)) {
        reasons.push({ kind: 'keep', id: null, label: '未命中保留规则', terms: [] });
        blocked = true;
      }
      for (const m of hold) {
        const terms = m.terms(item, TERMS_LIMIT);
        if (terms.length > 0) {
          reasons.push({ kind: 'rule', id: m.rule.id, label: m.label, terms });
          held = true;
        }
      }
      for (const { list, automaton } of lists) {
        const terms = screen(automaton, [item.title, item.text]);
        if (terms.length === 0) continue;
        reasons.push({ kind: 'list', id: list.id, label: `敏感词表「${list.name}」`, terms });
        if (list.action === 'block') blocked = true;
        else held = true;
      }
      return { action: blocked ? 'block' : held ? 'hold' : 'publish', reasons };
    },
  };
}

function compileRule(rule: FilterRule): RuleMatcher {
  const fields = (item: ItemFields): string[] =>
    rule.field === 'any' ? [item.title, item.text, item.author] : [item[rule.field]];
  const label = `规则「${rule.note || describePattern(rule)}」`;
  if (rule.match === 'keywords') {
    const automaton = Automaton.build(rule.pattern.split('\n').map((k) => k.trim()));
    return { rule, label, terms: (item, limit) => screen(automaton, fields(item), limit) };
  }
  let regex;
  try {
    regex = compileRegex(rule.pattern, rule.ignoreCase);
  } catch (err) {
    // Saved rules were checked on save; one that no longer compiles is named, not skipped silently.
    throw new RedianError('FILTER_INVALID', `规则 #${rule.id} 无法编译：${(err as Error).message}`, { cause: err });
  }
  return {
    rule,
    label,
    terms(item, limit) {
      const found = new Set<string>();
      for (const text of fields(item)) {
        if (found.size >= limit) break;
        for (const term of regex.matches(text, limit - found.size)) found.add(term);
      }
      return [...found].slice(0, limit);
    },
  };
}

/** The distinct words found in `texts`, as the texts spell them, at most `limit`. */
function screen(automaton: Automaton, texts: string[], limit = TERMS_LIMIT): string[] {
  const found = new Set<string>();
  for (const text of texts) {
    if (found.size >= limit) break;
    for (const m of automaton.firstMatches(text, limit - found.size)) found.add(text.slice(m.start, m.end));
  }
  return [...found].slice(0, limit);
}

/** 标题含 广告、推广 / 正文匹配 /\d{11}/, shortened, for rules without a note. */
function describePattern(rule: FilterRule): string {
  const pattern = rule.match === 'keywords' ? `含 ${rule.pattern.split('\n').join('、')}` : `匹配 /${rule.pattern}/`;
  const text = `${FIELD_LABELS[rule.field]}${pattern}`;
  const chars = [...text];
  return chars.length > LABEL_PATTERN_LENGTH ? `${chars.slice(0, LABEL_PATTERN_LENGTH).join('')}…` : text;
}

function sortById<T extends WordReplacement>(items: T[]): T[] {
  return [...items].sort((a, b) => a.id - b.id);
}
