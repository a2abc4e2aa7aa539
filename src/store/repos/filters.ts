import type { Kysely, Selectable } from 'kysely';
import type {
  EditorialRules,
  FilterRule,
  ListAction,
  Reason,
  RuleAction,
  RuleField,
  RuleMatch,
  SensitiveList,
  WordReplacement,
} from '../../filters/types.js';
import type { DB, FilterRuleTable, SensitiveListTable, WordReplacementTable } from '../schema.js';

/** A list without its words, as tables and the audit log show it. */
export type ListSummary = Omit<SensitiveList, 'words'> & { wordCount: number };

/** A feed item the rules dropped, for editors (已拦截). */
export interface FilteredItem {
  sourceId: number;
  sourceName: string;
  url: string;
  guid: string;
  title: string;
  reasons: Reason[];
  at: number;
}

/** What a dry run reads of a stored article. */
export interface StoredForDryRun {
  id: number;
  source_id: number;
  source_name: string;
  title: string;
  author: string | null;
  url: string;
  content_html: string;
  content_text: string;
}

type RuleValues = Omit<FilterRule, 'id'>;
type ReplacementValues = Omit<WordReplacement, 'id'>;

/** Editors' filter rules, word replacements, sensitive-word lists, and the items the rules dropped. */
export class FilterRepo {
  constructor(private readonly db: Kysely<DB>) {}

  /** Everything, enabled or not, ordered by id (replacements apply in that order). */
  async all(): Promise<EditorialRules> {
    const [rules, replacements, lists] = await Promise.all([
      this.db.selectFrom('filter_rules').selectAll().orderBy('id').execute(),
      this.db.selectFrom('word_replacements').selectAll().orderBy('id').execute(),
      this.db.selectFrom('sensitive_lists').selectAll().orderBy('id').execute(),
    ]);
    return { rules: rules.map(toRule), replacements: replacements.map(toReplacement), lists: lists.map(toList) };
  }

  async rules(): Promise<FilterRule[]> {
    return (await this.db.selectFrom('filter_rules').selectAll().orderBy('id').execute()).map(toRule);
  }

  async rule(id: number): Promise<FilterRule | undefined> {
    const row = await this.db.selectFrom('filter_rules').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toRule(row);
  }

  async insertRule(rule: RuleValues, now: number): Promise<FilterRule> {
    const row = await this.db
      .insertInto('filter_rules')
      .values({ ...ruleColumns(rule), created_at: now, updated_at: now })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRule(row);
  }

  /** Undefined when there is no such rule. */
  async updateRule(id: number, rule: RuleValues, now: number): Promise<FilterRule | undefined> {
    const row = await this.db
      .updateTable('filter_rules')
      .set({ ...ruleColumns(rule), updated_at: now })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    return row && toRule(row);
  }

  async deleteRule(id: number): Promise<boolean> {
    const res = await this.db.deleteFrom('filter_rules').where('id', '=', id).executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }

  async replacements(): Promise<WordReplacement[]> {
    return (await this.db.selectFrom('word_replacements').selectAll().orderBy('id').execute()).map(toReplacement);
  }

  async replacement(id: number): Promise<WordReplacement | undefined> {
    const row = await this.db.selectFrom('word_replacements').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toReplacement(row);
  }

  async insertReplacement(r: ReplacementValues, now: number): Promise<WordReplacement> {
    const row = await this.db
      .insertInto('word_replacements')
      .values({ source_id: r.sourceId, find: r.find, replace: r.replace, enabled: r.enabled ? 1 : 0, created_at: now, updated_at: now })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toReplacement(row);
  }

  async updateReplacement(id: number, r: ReplacementValues, now: number): Promise<WordReplacement | undefined> {
    const row = await this.db
      .updateTable('word_replacements')
      .set({ source_id: r.sourceId, find: r.find, replace: r.replace, enabled: r.enabled ? 1 : 0, updated_at: now })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
    return row && toReplacement(row);
  }

  async deleteReplacement(id: number): Promise<boolean> {
    const res = await this.db.deleteFrom('word_replacements').where('id', '=', id).executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }

  /** Every list without its words. */
  async listSummaries(): Promise<ListSummary[]> {
    const rows = await this.db
      .selectFrom('sensitive_lists')
      .select(['id', 'name', 'action', 'enabled', 'word_count'])
      .orderBy('id')
      .execute();
    return rows.map(toSummary);
  }

  async list(id: number): Promise<SensitiveList | undefined> {
    const row = await this.db.selectFrom('sensitive_lists').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toList(row);
  }

  async listSummary(id: number): Promise<ListSummary | undefined> {
    const row = await this.db.selectFrom('sensitive_lists').select(['id', 'name', 'action', 'enabled', 'word_count']).where('id', '=', id).executeTakeFirst();
    return row && toSummary(row);
  }

  async listIdByName(name: string): Promise<number | undefined> {
    const row = await this.db.selectFrom('sensitive_lists').select('id').where('name', '=', name).executeTakeFirst();
    return row?.id;
  }

  /**
   * Creates a list, or replaces one's name, action and words whole: one statement, so a
   * list is never left half-imported. Undefined when `id` names no list.
   */
  async saveList(id: number | undefined, list: Omit<SensitiveList, 'id'>, now: number): Promise<ListSummary | undefined> {
    const values = { name: list.name, action: list.action, enabled: list.enabled ? 1 : 0, words: list.words.join('\n'), word_count: list.words.length };
    const returned = ['id', 'name', 'action', 'enabled', 'word_count'] as const;
    const row =
      id === undefined
        ? await this.db.insertInto('sensitive_lists').values({ ...values, created_at: now, updated_at: now }).returning(returned).executeTakeFirstOrThrow()
        : await this.db.updateTable('sensitive_lists').set({ ...values, updated_at: now }).where('id', '=', id).returning(returned).executeTakeFirst();
    return row && toSummary(row);
  }

  async deleteList(id: number): Promise<boolean> {
    const res = await this.db.deleteFrom('sensitive_lists').where('id', '=', id).executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }

  /** Which of these URLs of a source the rules have already dropped. */
  async filteredAmong(sourceId: number, urls: string[]): Promise<Set<string>> {
    if (urls.length === 0) return new Set();
    const rows = await this.db.selectFrom('filtered_items').select('url').where('source_id', '=', sourceId).where('url', 'in', urls).execute();
    return new Set(rows.map((r) => r.url));
  }

  async recordFiltered(items: Array<{ sourceId: number; url: string; guid: string; title: string; reasons: Reason[] }>, now: number): Promise<void> {
    if (items.length === 0) return;
    await this.db
      .insertInto('filtered_items')
      .values(items.map((i) => ({ source_id: i.sourceId, url: i.url, guid: i.guid, title: i.title, reasons_json: JSON.stringify(i.reasons), created_at: now })))
      .onConflict((oc) => oc.columns(['source_id', 'url']).doNothing())
      .execute();
  }

  /** After any rule change: every dropped item is judged again on its feed's next fetch. */
  async clearFiltered(): Promise<void> {
    await this.db.deleteFrom('filtered_items').execute();
  }

  async recentFiltered(limit: number): Promise<FilteredItem[]> {
    const rows = await this.db
      .selectFrom('filtered_items')
      .innerJoin('sources', 'sources.id', 'filtered_items.source_id')
      .select([
        'filtered_items.source_id',
        'sources.name as source_name',
        'filtered_items.url',
        'filtered_items.guid',
        'filtered_items.title',
        'filtered_items.reasons_json',
        'filtered_items.created_at',
      ])
      .orderBy('filtered_items.created_at', 'desc')
      .orderBy('filtered_items.url')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      sourceId: r.source_id,
      sourceName: r.source_name,
      url: r.url,
      guid: r.guid,
      title: r.title,
      reasons: JSON.parse(r.reasons_json) as Reason[],
      at: Number(r.created_at),
    }));
  }

  /** The newest stored articles (by id: the order they were stored), rejected ones left out: what a dry run judges. */
  newestArticles(limit: number): Promise<StoredForDryRun[]> {
    return this.db
      .selectFrom('articles')
      .innerJoin('sources', 'sources.id', 'articles.source_id')
      .select([
        'articles.id',
        'articles.source_id',
        'sources.name as source_name',
        'articles.title',
        'articles.author',
        'articles.url',
        'articles.content_html',
        'articles.content_text',
      ])
      .where('articles.status', '<>', 'rejected')
      .orderBy('articles.id', 'desc')
      .limit(limit)
      .execute();
  }
}

function ruleColumns(r: RuleValues) {
  return {
    source_id: r.sourceId,
    action: r.action,
    field: r.field,
    match: r.match,
    pattern: r.pattern,
    note: r.note,
    ignore_case: r.ignoreCase ? 1 : 0,
    enabled: r.enabled ? 1 : 0,
  };
}

function toRule(r: Selectable<FilterRuleTable>): FilterRule {
  return {
    id: r.id,
    sourceId: r.source_id,
    action: r.action as RuleAction,
    field: r.field as RuleField,
    match: r.match as RuleMatch,
    pattern: r.pattern,
    note: r.note,
    ignoreCase: r.ignore_case === 1,
    enabled: r.enabled === 1,
  };
}

function toReplacement(r: Selectable<WordReplacementTable>): WordReplacement {
  return { id: r.id, sourceId: r.source_id, find: r.find, replace: r.replace, enabled: r.enabled === 1 };
}

function toList(r: Selectable<SensitiveListTable>): SensitiveList {
  return { id: r.id, name: r.name, action: r.action as ListAction, enabled: r.enabled === 1, words: r.words === '' ? [] : r.words.split('\n') };
}

function toSummary(r: Pick<Selectable<SensitiveListTable>, 'id' | 'name' | 'action' | 'enabled' | 'word_count'>): ListSummary {
  return { id: r.id, name: r.name, action: r.action as ListAction, enabled: r.enabled === 1, wordCount: Number(r.word_count) };
}
