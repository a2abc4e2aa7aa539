/**
 * What an editor submits, checked and normalized before anything is written or dry-run:
 * the service stores exactly what these return, and a refusal is a FILTER_INVALID (or
 * WORD_LIST_*) error whose detail tells the editor, in Chinese, what to fix.
 */
import { RedianError } from '../../errors.js';
import type { ListAction, ListDraft, ReplacementDraft, RuleAction, RuleDraft, RuleField, RuleMatch } from '../types.js';
import { normalize } from './normalize.js';
import { compileRegex } from './regex.js';
import { readWordList, WORD_MAX_LENGTH } from './wordlist.js';

export const RULE_ACTIONS: readonly RuleAction[] = ['block', 'keep', 'hold'];
export const RULE_FIELDS: readonly RuleField[] = ['title', 'text', 'author', 'url', 'any'];
export const RULE_MATCHES: readonly RuleMatch[] = ['keywords', 'regex'];
export const LIST_ACTIONS: readonly ListAction[] = ['hold', 'block'];

/** More keywords than this belong in a sensitive-word list, which the console edits and imports as such. */
export const RULE_MAX_KEYWORDS = 1000;
export const NOTE_MAX_LENGTH = 100;
export const REPLACEMENT_MAX_LENGTH = 100;
export const LIST_NAME_MAX_LENGTH = 50;

/** A rule draft with its pattern trimmed and, for keywords, one distinct keyword per line. */
export function checkRule(draft: RuleDraft): RuleDraft {
  checkId(draft.id);
  const sourceId = checkSourceId(draft.sourceId);
  const action = oneOf(draft.action, RULE_ACTIONS, '动作');
  const field = oneOf(draft.field, RULE_FIELDS, '匹配字段');
  const match = oneOf(draft.match, RULE_MATCHES, '匹配方式');
  const note = checkNote(draft.note);
  let pattern: string;
  if (match === 'keywords') {
    const keywords = distinctKeywords(typeof draft.pattern === 'string' ? draft.pattern : '');
    if (keywords.length === 0) throw invalid('关键词不能为空：每行写一个关键词或短语');
    if (keywords.length > RULE_MAX_KEYWORDS) {
      throw invalid(`一条规则最多 ${RULE_MAX_KEYWORDS} 个关键词（现在 ${keywords.length} 个）；更多的词请建成敏感词表`);
    }
    const long = keywords.find((k) => [...k].length > WORD_MAX_LENGTH);
    if (long) throw invalid(`关键词不能超过 ${WORD_MAX_LENGTH} 个字：「${[...long].slice(0, 20).join('')}…」`);
    pattern = keywords.join('\n');
  } else {
    pattern = typeof draft.pattern === 'string' ? draft.pattern.trim() : '';
    compileRegex(pattern, draft.ignoreCase === true);
  }
  const out: RuleDraft = {
    sourceId,
    action,
    field,
    match,
    pattern,
    note,
    ignoreCase: draft.ignoreCase === true,
    enabled: draft.enabled !== false,
  };
  if (draft.id !== undefined) out.id = draft.id;
  return out;
}

/** A replacement draft: `find` trimmed and single-line; `replace` may be empty (the word is deleted). */
export function checkReplacement(draft: ReplacementDraft): ReplacementDraft {
  checkId(draft.id);
  const sourceId = checkSourceId(draft.sourceId);
  const find = typeof draft.find === 'string' ? draft.find.trim() : '';
  const replace = typeof draft.replace === 'string' ? draft.replace.trim() : '';
  if (find.length === 0) throw invalid('要替换的词（旧词）不能为空');
  for (const [name, value] of [['旧词', find], ['新词', replace]] as const) {
    if ([...value].length > REPLACEMENT_MAX_LENGTH) throw invalid(`${name}不能超过 ${REPLACEMENT_MAX_LENGTH} 个字`);
    if (/[\r\n]/.test(value)) throw invalid(`${name}只能是一行`);
  }
  if (find === replace) throw invalid('新词和旧词相同，替换不会改变任何内容');
  const out: ReplacementDraft = { sourceId, find, replace, enabled: draft.enabled !== false };
  if (draft.id !== undefined) out.id = draft.id;
  return out;
}

/** A list draft with its words read (see readWordList), plus what the file was read as and how many repeats were dropped. */
export function checkList(draft: ListDraft): {
  list: Omit<ListDraft, 'words'> & { words: string[] };
  encoding: string;
  duplicates: number;
} {
  checkId(draft.id);
  const name = typeof draft.name === 'string' ? draft.name.trim() : '';
  if (name.length === 0) throw invalid('词表名称不能为空');
  if ([...name].length > LIST_NAME_MAX_LENGTH) throw invalid(`词表名称不能超过 ${LIST_NAME_MAX_LENGTH} 个字`);
  const action = oneOf(draft.action, LIST_ACTIONS, '词表动作');
  const { words, encoding, duplicates } = readWordList(draft.words);
  const list: Omit<ListDraft, 'words'> & { words: string[] } = { name, action, words, enabled: draft.enabled !== false };
  if (draft.id !== undefined) list.id = draft.id;
  return { list, encoding, duplicates };
}

/** Trimmed, non-empty lines, each once (compared case- and width-insensitively, as they match). */
function distinctKeywords(pattern: string): string[] {
  const seen = new Set<string>();
  const keywords: string[] = [];
  for (const line of pattern.split(/\r\n|\n|\r/)) {
    const keyword = line.trim();
    const key = normalize(keyword);
    if (keyword.length === 0 || seen.has(key)) continue;
    seen.add(key);
    keywords.push(keyword);
  }
  return keywords;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], what: string): T {
  if (allowed.includes(value as T)) return value as T;
  throw invalid(`${what}只能是 ${allowed.join(' / ')} 之一（收到「${String(value)}」）`);
}

function checkSourceId(sourceId: unknown): number | null {
  if (sourceId === null || sourceId === undefined) return null;
  if (Number.isInteger(sourceId) && (sourceId as number) > 0) return sourceId as number;
  throw invalid(`来源编号无效：「${String(sourceId)}」`);
}

function checkId(id: unknown): void {
  if (id !== undefined && !(Number.isInteger(id) && (id as number) > 0)) throw invalid(`编号无效：「${String(id)}」`);
}

function checkNote(note: unknown): string {
  const text = typeof note === 'string' ? note.trim() : '';
  if ([...text].length > NOTE_MAX_LENGTH) throw invalid(`备注不能超过 ${NOTE_MAX_LENGTH} 个字`);
  return text;
}

function invalid(detail: string): RedianError {
  return new RedianError('FILTER_INVALID', detail);
}
