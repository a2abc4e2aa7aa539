/**
 * Editorial rules (issue 7): what editors set, and what the engine answers about an item.
 * The engine (src/filters/engine/) is pure; the service (src/filters/service.ts) keeps the
 * rules in the store and hands the pipeline a compiled copy.
 */

/** Where a rule looks. `any` means title, text and author (not the URL). */
export type RuleField = 'title' | 'text' | 'author' | 'url' | 'any';

/**
 * block: drop a matching item. hold: store it unpublished for review. keep: when a source
 * has keep rules (its own or global), an item matching none of them is dropped.
 */
export type RuleAction = 'block' | 'keep' | 'hold';

/** keywords: one keyword or phrase per line, any of them matches. regex: one JavaScript regular expression. */
export type RuleMatch = 'keywords' | 'regex';

export interface FilterRule {
  id: number;
  /** null: applies to every source. */
  sourceId: number | null;
  action: RuleAction;
  field: RuleField;
  match: RuleMatch;
  pattern: string;
  /** The editor's name for the rule, shown in the review queue, dry runs and the audit log. */
  note: string;
  /** Regex only: match letters regardless of case. Keywords always do. */
  ignoreCase: boolean;
  enabled: boolean;
}

/** 旧词 → 新词 in title and text (text nodes only: never inside tags or URLs). */
export interface WordReplacement {
  id: number;
  sourceId: number | null;
  find: string;
  replace: string;
  enabled: boolean;
}

export type ListAction = 'hold' | 'block';

/** A sensitive-word list: any of its words in the title or text holds or blocks the item. */
export interface SensitiveList {
  id: number;
  name: string;
  action: ListAction;
  words: string[];
  enabled: boolean;
}

export interface EditorialRules {
  rules: FilterRule[];
  replacements: WordReplacement[];
  lists: SensitiveList[];
}

/** The plain-text fields of an item, after word replacement and sanitizing. */
export interface ItemFields {
  title: string;
  text: string;
  author: string;
  url: string;
}

/** Why an item was blocked or held: enough for the review queue to highlight what matched. */
export interface Reason {
  /** rule: a block/hold rule matched; keep: no keep rule matched; list: a sensitive word; source: the source requires review. */
  kind: 'rule' | 'keep' | 'list' | 'source';
  /** The rule's or list's id (the source's id for kind 'source'; null for 'keep'). */
  id: number | null;
  /** Human text, e.g. 规则「标题含 广告」 or 敏感词表「政治」. */
  label: string;
  /** The matched words or regex matches, as they appear in the item (at most 20). */
  terms: string[];
}

export interface Verdict {
  /** block beats hold beats publish. */
  action: 'publish' | 'hold' | 'block';
  reasons: Reason[];
}

/** The rules that apply to one source (its own and the global ones), compiled. */
export interface SourceFilter {
  /** Word replacement on plain text (a title). */
  replaceText(text: string): string;
  /** Word replacement on HTML: text nodes only, never tags, attributes or URLs. */
  replaceHtml(html: string): string;
  /** Block/keep/hold rules and the sensitive lists over the item's fields. */
  judge(item: ItemFields): Verdict;
  /** True when nothing applies: the pipeline skips the calls. */
  readonly empty: boolean;
}

export interface CompiledRules {
  forSource(sourceId: number): SourceFilter;
}

/** What an editor submits; `id` set means an edit. Validated by the engine's check functions. */
export type RuleDraft = Omit<FilterRule, 'id'> & { id?: number };
export type ReplacementDraft = Omit<WordReplacement, 'id'> & { id?: number };
/** `words` from a textarea (one per line) or from an uploaded file (bytes, any of UTF-8/GBK/GB18030/UTF-16 with BOM). */
export type ListDraft = Omit<SensitiveList, 'id' | 'words'> & { id?: number; words: string | Uint8Array };

/** A change an editor is about to save, for a dry run. */
export type DraftChange =
  | { kind: 'rule'; draft: RuleDraft }
  | { kind: 'replacement'; draft: ReplacementDraft }
  | { kind: 'list'; draft: ListDraft };

export interface DryRunHit {
  articleId: number;
  title: string;
  sourceName: string;
  reasons: Reason[];
}

export interface DryRunChange {
  articleId: number;
  title: string;
  sourceName: string;
  /** Short excerpts around the first changes (plain text), before and after. */
  before: string;
  after: string;
}

/** What a draft would have done to the newest stored articles (issue 7, item 5). */
export interface DryRunResult {
  scanned: number;
  blocked: DryRunHit[];
  held: DryRunHit[];
  changed: DryRunChange[];
  ms: number;
}
