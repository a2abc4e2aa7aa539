import type { AuditService } from '../audit/audit.js';
import { TtlCache } from '../cache/ttl-cache.js';
import { type Bus, TOPICS } from '../cluster/bus.js';
import { RedianError } from '../errors.js';
import type { FilterRepo, ListSummary } from '../store/repos/filters.js';
import type { Repos } from '../store/repos/index.js';
import { checkList, checkReplacement, checkRule, compileRules } from './engine/index.js';
import type {
  CompiledRules,
  DraftChange,
  DryRunChange,
  DryRunHit,
  DryRunResult,
  EditorialRules,
  FilterRule,
  ListDraft,
  Reason,
  ReplacementDraft,
  RuleDraft,
  SensitiveList,
  WordReplacement,
} from './types.js';

/** How many stored articles a dry run judges by default (issue 7: the last 1,000). */
export const DRY_RUN_ARTICLES = 1000;
/** 已拦截 items shown to editors. */
const FILTERED_SHOWN = 50;
/**
 * The compiled rules are rebuilt when a change is announced on the bus; they also expire
 * on their own, because pub/sub may miss a node (see src/cluster/bus.ts).
 */
const COMPILED_TTL_MS = 30_000;
/** Characters of context either side of a change in a dry run's before/after excerpts. */
const EXCERPT_CONTEXT = 20;
const EXCERPT_MAX = 120;

export interface FilterOverview {
  rules: FilterRule[];
  replacements: WordReplacement[];
  lists: ListSummary[];
  filteredRecent: Array<{ sourceName: string; title: string; url: string; reasons: Reason[]; at: number }>;
}

/** The stored rules, replacements and lists compiled (the engine leaves disabled ones out): what ingestion applies. */
export async function loadCompiledRules(repo: Pick<FilterRepo, 'all'>): Promise<CompiledRules> {
  return compileRules(await repo.all());
}

/**
 * Editors' filter rules, word replacements and sensitive-word lists (issue 7). Every change
 * is validated by the engine before anything is written, audited, clears the record of
 * dropped items (so they are judged again) and is announced so ingestion recompiles.
 */
export class FilterService {
  private readonly compiledCache = new TtlCache<'all', CompiledRules>(COMPILED_TTL_MS, 1);

  constructor(
    private readonly repos: Pick<Repos, 'filters' | 'sources'>,
    private readonly audit: AuditService,
    private readonly bus: Bus,
    private readonly now: () => number = Date.now,
  ) {
    bus.subscribe(TOPICS.filtersChanged, () => this.compiledCache.clear());
  }

  async overview(): Promise<FilterOverview> {
    const [rules, replacements, lists, filtered] = await Promise.all([
      this.repos.filters.rules(),
      this.repos.filters.replacements(),
      this.repos.filters.listSummaries(),
      this.repos.filters.recentFiltered(FILTERED_SHOWN),
    ]);
    const filteredRecent = filtered.map((f) => ({ sourceName: f.sourceName, title: f.title, url: f.url, reasons: f.reasons, at: f.at }));
    return { rules, replacements, lists, filteredRecent };
  }

  async list(id: number): Promise<SensitiveList> {
    const list = await this.repos.filters.list(id);
    if (!list) throw new RedianError('FILTER_UNKNOWN', `敏感词表 #${id} 不存在`);
    return list;
  }

  /** The enabled rules compiled, cached until a change is announced (or COMPILED_TTL_MS passes). */
  compiled(): Promise<CompiledRules> {
    return this.compiledCache.getOrLoad('all', () => loadCompiledRules(this.repos.filters));
  }

  async saveRule(draft: RuleDraft, actor: string): Promise<FilterRule> {
    const clean = await this.checkedRule(draft);
    const { id, ...values } = clean;
    const now = this.now();
    let before: FilterRule | undefined;
    let saved: FilterRule | undefined;
    if (id === undefined) {
      saved = await this.repos.filters.insertRule(values, now);
    } else {
      before = await this.repos.filters.rule(id);
      saved = before && (await this.repos.filters.updateRule(id, values, now));
      if (!saved) throw new RedianError('FILTER_UNKNOWN', `规则 #${id} 不存在`);
    }
    await this.changed(actor, `filter.rule.${before ? 'update' : 'create'}`, `filter_rule:${saved.id}`, before, saved);
    return saved;
  }

  async deleteRule(id: number, actor: string): Promise<void> {
    const before = await this.repos.filters.rule(id);
    if (!before || !(await this.repos.filters.deleteRule(id))) throw new RedianError('FILTER_UNKNOWN', `规则 #${id} 不存在`);
    await this.changed(actor, 'filter.rule.delete', `filter_rule:${id}`, before, undefined);
  }

  async saveReplacement(draft: ReplacementDraft, actor: string): Promise<WordReplacement> {
    const clean = await this.checkedReplacement(draft);
    const { id, ...values } = clean;
    const now = this.now();
    let before: WordReplacement | undefined;
    let saved: WordReplacement | undefined;
    if (id === undefined) {
      saved = await this.repos.filters.insertReplacement(values, now);
    } else {
      before = await this.repos.filters.replacement(id);
      saved = before && (await this.repos.filters.updateReplacement(id, values, now));
      if (!saved) throw new RedianError('FILTER_UNKNOWN', `替换词 #${id} 不存在`);
    }
    await this.changed(actor, `filter.replacement.${before ? 'update' : 'create'}`, `word_replacement:${saved.id}`, before, saved);
    return saved;
  }

  async deleteReplacement(id: number, actor: string): Promise<void> {
    const before = await this.repos.filters.replacement(id);
    if (!before || !(await this.repos.filters.deleteReplacement(id))) throw new RedianError('FILTER_UNKNOWN', `替换词 #${id} 不存在`);
    await this.changed(actor, 'filter.replacement.delete', `word_replacement:${id}`, before, undefined);
  }

  /** Creates a list or replaces one whole (name, action, words); the audit log keeps its size, not its words. */
  async saveList(draft: ListDraft, actor: string): Promise<{ list: ListSummary; encoding: string; duplicates: number }> {
    const { list: values, encoding, duplicates } = await this.checkedList(draft);
    const before = draft.id === undefined ? undefined : await this.repos.filters.listSummary(draft.id);
    if (draft.id !== undefined && !before) throw new RedianError('FILTER_UNKNOWN', `敏感词表 #${draft.id} 不存在`);
    const list = await this.repos.filters.saveList(draft.id, values, this.now());
    if (!list) throw new RedianError('FILTER_UNKNOWN', `敏感词表 #${draft.id} 不存在`);
    await this.changed(actor, `filter.list.${before ? 'update' : 'create'}`, `word_list:${list.id}`, before && listSnapshot(before), listSnapshot(list));
    return { list, encoding, duplicates };
  }

  async deleteList(id: number, actor: string): Promise<void> {
    const before = await this.repos.filters.listSummary(id);
    if (!before || !(await this.repos.filters.deleteList(id))) throw new RedianError('FILTER_UNKNOWN', `敏感词表 #${id} 不存在`);
    await this.changed(actor, 'filter.list.delete', `word_list:${id}`, listSnapshot(before), undefined);
  }

  /**
   * What the draft alone (not the saved rules) would do to the newest `limit` stored
   * articles: block, hold, or change their title or text. Validated exactly as a save
   * would be; nothing is written.
   */
  async dryRun(change: DraftChange, limit = DRY_RUN_ARTICLES): Promise<DryRunResult> {
    const started = performance.now();
    const compiled = compileRules(await this.draftRules(change));
    const articles = await this.repos.filters.newestArticles(limit);
    const blocked: DryRunHit[] = [];
    const held: DryRunHit[] = [];
    const changed: DryRunChange[] = [];
    for (const a of articles) {
      const filter = compiled.forSource(a.source_id);
      if (filter.empty) continue;
      const base = { articleId: a.id, title: a.title, sourceName: a.source_name };
      if (change.kind === 'replacement') {
        const title = filter.replaceText(a.title);
        // The stored text is what the replaced HTML's text nodes read as.
        const text = filter.replaceText(a.content_text);
        if (title !== a.title) changed.push({ ...base, ...excerpts(a.title, title) });
        else if (text !== a.content_text) changed.push({ ...base, ...excerpts(a.content_text, text) });
        continue;
      }
      const verdict = filter.judge({ title: a.title, text: a.content_text, author: a.author ?? '', url: a.url });
      if (verdict.action === 'block') blocked.push({ ...base, reasons: verdict.reasons });
      else if (verdict.action === 'hold') held.push({ ...base, reasons: verdict.reasons });
    }
    return { scanned: articles.length, blocked, held, changed, ms: Math.round((performance.now() - started) * 10) / 10 };
  }

  /** The draft as the only thing in force, enabled, under a placeholder id when it has none. */
  private async draftRules(change: DraftChange): Promise<EditorialRules> {
    const none: EditorialRules = { rules: [], replacements: [], lists: [] };
    switch (change.kind) {
      case 'rule': {
        const clean = await this.checkedRule(change.draft);
        return { ...none, rules: [{ ...clean, id: clean.id ?? 0, enabled: true }] };
      }
      case 'replacement': {
        const clean = await this.checkedReplacement(change.draft);
        return { ...none, replacements: [{ ...clean, id: clean.id ?? 0, enabled: true }] };
      }
      case 'list': {
        const { list } = await this.checkedList(change.draft);
        return { ...none, lists: [{ ...list, id: change.draft.id ?? 0, enabled: true }] };
      }
    }
  }

  private async checkedRule(draft: RuleDraft): Promise<RuleDraft> {
    const clean = checkRule(draft);
    await this.checkSource(clean.sourceId);
    return clean;
  }

  private async checkedReplacement(draft: ReplacementDraft): Promise<ReplacementDraft> {
    const clean = checkReplacement(draft);
    await this.checkSource(clean.sourceId);
    return clean;
  }

  private async checkedList(draft: ListDraft): Promise<{ list: Omit<SensitiveList, 'id'>; encoding: string; duplicates: number }> {
    const { list, encoding, duplicates } = checkList(draft);
    const sameName = await this.repos.filters.listIdByName(list.name);
    if (sameName !== undefined && sameName !== draft.id) throw new RedianError('FILTER_INVALID', `已有名为「${list.name}」的词表`);
    return { list: { name: list.name, action: list.action, enabled: list.enabled, words: list.words }, encoding, duplicates };
  }

  private async checkSource(sourceId: number | null): Promise<void> {
    if (sourceId !== null && !(await this.repos.sources.byId(sourceId))) throw new RedianError('FILTER_INVALID', `来源 #${sourceId} 不存在`);
  }

  /** After a write: audit, then every dropped item judged again, then every node recompiles. */
  private async changed(actor: string, action: string, target: string, before: unknown, after: unknown): Promise<void> {
    await this.audit.record({ actor, action, target, before, after });
    await this.repos.filters.clearFiltered();
    this.compiledCache.clear();
    await this.bus.publish(TOPICS.filtersChanged);
  }
}

function listSnapshot(l: ListSummary) {
  return { name: l.name, action: l.action, enabled: l.enabled, wordCount: l.wordCount };
}

/** Short excerpts around the changed stretch of a text, before and after. */
function excerpts(before: string, after: string): { before: string; after: string } {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  const cut = (s: string) => {
    const from = Math.max(0, start - EXCERPT_CONTEXT);
    // Changes far apart: the excerpt shows the first of them.
    const to = Math.min(s.length, s.length - end + EXCERPT_CONTEXT, from + EXCERPT_MAX);
    return `${from > 0 ? '…' : ''}${s.slice(from, to)}${to < s.length ? '…' : ''}`;
  };
  return { before: cut(before), after: cut(after) };
}
