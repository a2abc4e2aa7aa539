import { type Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { isRedianError, RedianError } from '../../../errors.js';
import { WORD_LIST_MAX_BYTES } from '../../../filters/engine/index.js';
import type { DryRunResult, ListDraft, ReplacementDraft, RuleDraft, SensitiveList } from '../../../filters/types.js';
import type { SourceWithCount } from '../../../store/repos/index.js';
import type { WebDeps } from '../../context.js';
import { parseId } from '../../params.js';
import { DryRunResults, editorText } from '../../views/admin/editorial.js';
import {
  FIELDS,
  LIST_ACTIONS,
  type ListForm,
  ListFormView,
  MATCHES,
  NEW_LIST,
  NEW_REPLACEMENT,
  NEW_RULE,
  type ReplacementForm,
  ReplacementFormView,
  RULE_ACTIONS,
  type RuleForm,
  RuleFormView,
  RulesOverview,
} from '../../views/admin/rules.js';
import { doneText, runAction } from './actions.js';
import { adminGuard, type AdminEnv, csrfField, currentAdmin, Flash, renderAdmin } from './shell.js';

/**
 * /admin/rules: filter rules, word replacements and sensitive-word lists (issue 7). Each
 * form can be tried first (试运行: what it would have done to the last 1,000 articles,
 * shown under the form, nothing saved) and then saved; a refused draft comes back with
 * what was typed and why. Editors and admins alike, as the other editorial screens.
 */

/** Word-list files are at most 2 MB (the engine's limit); the form around one adds a little. */
const LIST_BODY_MAX_BYTES = WORD_LIST_MAX_BYTES + 64 * 1024;

/** Said of a body over the limit, in the words the engine uses for a list over it (WORD_LIST_TOO_LARGE). */
function listTooLarge(c: Context): string {
  const declared = Number(c.req.header('Content-Length'));
  const size = declared > 0 ? ` ${(declared / 2 ** 20).toFixed(1)} MB，` : '';
  return `提交的词表${size}超过 2 MB 上限；请拆成几个词表。未保存。`;
}

/** A select's value, one of those offered (a forged form gets a message, not a 500). */
function oneOf<T extends string>(value: string, allowed: readonly T[], what: string): T {
  if (!(allowed as readonly string[]).includes(value)) throw new RedianError('FILTER_INVALID', `请选择${what}`);
  return value as T;
}

/** '' is every source; anything else must be a source that exists. */
function sourceOf(raw: string, sources: readonly SourceWithCount[]): number | null {
  if (raw === '') return null;
  const id = parseId(raw);
  if (id === undefined || !sources.some((s) => s.id === id)) throw new RedianError('FILTER_INVALID', '所选来源不存在');
  return id;
}

/** The hidden id of an edit (none for a new one); a malformed one names no row, so the service answers FILTER_UNKNOWN. */
const idOf = (raw: string) => (raw === '' ? {} : { id: parseId(raw) ?? -1 });

const ruleDraft = (f: RuleForm, sources: readonly SourceWithCount[]): RuleDraft => ({
  ...idOf(f.id),
  sourceId: sourceOf(f.source, sources),
  action: oneOf(f.action, RULE_ACTIONS, '动作'),
  field: oneOf(f.field, FIELDS, '匹配范围'),
  match: oneOf(f.match, MATCHES, '匹配方式'),
  pattern: f.pattern,
  note: f.note,
  ignoreCase: f.ignoreCase,
  enabled: f.enabled,
});

const replacementDraft = (f: ReplacementForm, sources: readonly SourceWithCount[]): ReplacementDraft => ({
  ...idOf(f.id),
  sourceId: sourceOf(f.source, sources),
  find: f.find,
  replace: f.replace,
  enabled: f.enabled,
});

/** Field values of the request's form; '' and false when absent. Browsers send a textarea's lines with CRLF. */
async function fields(c: Context) {
  const body = await c.req.parseBody();
  const text = (name: string) => {
    const v = body[name];
    return typeof v === 'string' ? v.replace(/\r\n?/g, '\n') : '';
  };
  const file = body.file instanceof File && body.file.size > 0 ? body.file : undefined;
  return { text, tick: (name: string) => text(name) === '1', file };
}

/** The page around one form: a back link, the form, and a dry run's results under it. */
interface FormPage {
  title: string;
  error?: string;
  notice?: string;
  result?: DryRunResult;
  status?: ContentfulStatusCode;
}

export function ruleRoutes(deps: WebDeps): Hono<AdminEnv> {
  const { filters } = deps.services;
  const sources = () => deps.services.admin.sources.list();
  const app = new Hono<AdminEnv>();

  const page = (c: Context<AdminEnv>, p: FormPage, form: unknown) =>
    renderAdmin(
      c,
      deps,
      { title: p.title, section: 'rules' },
      <>
        <section class="panel">
          <p class="muted">
            <a href="/admin/rules">← 过滤规则</a>
          </p>
          <h1 class="page-title">{p.title}</h1>
          <Flash kind="ok" text={p.notice} />
          <Flash kind="error" text={p.error} />
          {form}
        </section>
        {p.result ? <DryRunResults result={p.result} /> : null}
      </>,
      p.status ?? 200,
    );

  // ── Rules
  const ruleForm = async (c: Context<AdminEnv>, f: RuleForm, p: FormPage) =>
    page(c, p, <RuleFormView form={f} sources={await sources()} csrf={csrfField(c)} invalid={Boolean(p.error)} />);

  const readRule = async (c: Context): Promise<RuleForm> => {
    const { text, tick } = await fields(c);
    return {
      id: text('id'),
      source: text('source'),
      action: text('action'),
      field: text('field'),
      match: text('match'),
      pattern: text('pattern'),
      note: text('note'),
      ignoreCase: tick('ignoreCase'),
      enabled: tick('enabled'),
    };
  };

  // ── Replacements
  const replacementForm = async (c: Context<AdminEnv>, f: ReplacementForm, p: FormPage) =>
    page(c, p, <ReplacementFormView form={f} sources={await sources()} csrf={csrfField(c)} invalid={Boolean(p.error)} />);

  const readReplacement = async (c: Context): Promise<ReplacementForm> => {
    const { text, tick } = await fields(c);
    return { id: text('id'), source: text('source'), find: text('find'), replace: text('replace'), enabled: tick('enabled') };
  };

  // ── Sensitive-word lists
  const listTitle = (f: ListForm) => (f.id ? `敏感词表：${f.name || `#${f.id}`}` : '新建或导入敏感词表');
  const listFormOf = (l: SensitiveList): ListForm => ({ id: String(l.id), name: l.name, action: l.action, words: l.words.join('\n'), enabled: l.enabled });
  const listForm = (c: Context<AdminEnv>, f: ListForm, p: FormPage) =>
    page(c, p, <ListFormView form={f} csrf={csrfField(c)} invalid={Boolean(p.error)} />);

  /** A list form as typed, and the file's bytes when one was chosen (a file wins over the textarea). */
  const readList = async (c: Context): Promise<{ form: ListForm; file?: Uint8Array; fileName?: string }> => {
    const { text, tick, file } = await fields(c);
    const form = { id: text('id'), name: text('name'), action: text('action'), words: text('words'), enabled: tick('enabled') };
    return file ? { form, file: new Uint8Array(await file.arrayBuffer()), fileName: file.name } : { form };
  };

  const listDraft = (f: ListForm, file: Uint8Array | undefined): ListDraft => ({
    ...idOf(f.id),
    name: f.name,
    action: oneOf(f.action, LIST_ACTIONS, '命中时的动作'),
    words: file ?? f.words,
    enabled: f.enabled,
  });

  // Word lists take files: a larger body limit there, and an oversized one answered on the form.
  const formGuard = adminGuard(deps);
  const uploadGuard = adminGuard(deps, 'editor', {
    maxBytes: LIST_BODY_MAX_BYTES,
    // The body is not read: the form comes back as it was (the list being edited, or empty).
    tooLarge: async (c) => {
      const editing = parseId(/^\/admin\/rules\/lists\/(\d+)$/.exec(c.req.path)?.[1]);
      const saved = editing === undefined ? undefined : await filters.list(editing).catch(() => undefined);
      const form = saved ? listFormOf(saved) : NEW_LIST;
      return listForm(c, form, { title: listTitle(form), error: listTooLarge(c), status: 413 });
    },
  });
  app.use('*', (c, next) => (/^\/admin\/rules\/lists(\/|$)/.test(c.req.path) ? uploadGuard(c, next) : formGuard(c, next)));

  /** A refused draft (bad input, a conflict) comes back on its form with what was typed and why; an unknown id is a 404. */
  const refusedOn = async (err: unknown, again: (message: string, status: ContentfulStatusCode) => Promise<Response>) => {
    if (err instanceof RedianError && err.status < 500 && err.status !== 404) return again(editorText(err), err.status as ContentfulStatusCode);
    if (isRedianError(err, 'FILTER_UNKNOWN')) throw new RedianError('NOT_FOUND', err.message);
    throw err;
  };

  // ── Overview
  app.get('/', async (c) => {
    const [overview, list] = await Promise.all([filters.overview(), sources()]);
    return renderAdmin(
      c,
      deps,
      { title: '过滤规则', section: 'rules' },
      <RulesOverview overview={overview} sources={list} csrf={csrfField(c)} done={doneText(c.req.query('done'))} />,
    );
  });

  const pathId = (c: Context) => {
    const id = parseId(c.req.param('id'));
    if (id === undefined) throw new RedianError('NOT_FOUND', 'filter');
    return id;
  };
  /** The id in the path, also in the form (an edit posts to its own URL). */
  const withPathId = <F extends { id: string }>(c: Context, f: F): F => ({ ...f, id: c.req.param('id') ?? '' });

  // ── Rule routes
  app.get('/rules/new', (c) => ruleForm(c, NEW_RULE, { title: '新建规则' }));
  app.get('/rules/:id', async (c) => {
    const id = pathId(c);
    const r = (await filters.overview()).rules.find((x) => x.id === id);
    if (!r) throw new RedianError('NOT_FOUND', `rule #${id}`);
    const form: RuleForm = {
      id: String(r.id),
      source: r.sourceId === null ? '' : String(r.sourceId),
      action: r.action,
      field: r.field,
      match: r.match,
      pattern: r.pattern,
      note: r.note,
      ignoreCase: r.ignoreCase,
      enabled: r.enabled,
    };
    return ruleForm(c, form, { title: `规则 #${id}`, notice: doneText(c.req.query('done')) });
  });
  app.post('/rules/dry-run', async (c) => {
    const f = await readRule(c);
    const title = f.id ? `规则 #${f.id}` : '新建规则';
    try {
      const list = await sources();
      return ruleForm(c, f, { title, result: await filters.dryRun({ kind: 'rule', draft: ruleDraft(f, list) }) });
    } catch (err) {
      return refusedOn(err, (error, status) => ruleForm(c, f, { title, error, status }));
    }
  });
  const saveRule = async (c: Context<AdminEnv>, f: RuleForm) => {
    try {
      const saved = await filters.saveRule(ruleDraft(f, await sources()), currentAdmin(c).username);
      return c.redirect(`/admin/rules/rules/${saved.id}?done=saved`, 303);
    } catch (err) {
      return refusedOn(err, (error, status) => ruleForm(c, f, { title: f.id ? `规则 #${f.id}` : '新建规则', error, status }));
    }
  };
  app.post('/rules', async (c) => saveRule(c, { ...(await readRule(c)), id: '' }));
  app.post('/rules/:id', async (c) => {
    pathId(c);
    return saveRule(c, withPathId(c, await readRule(c)));
  });
  app.post('/rules/:id/delete', (c) => {
    const id = pathId(c);
    return runAction(c, deps, { section: 'rules', back: '/admin/rules' }, async () => {
      await filters.deleteRule(id, currentAdmin(c).username);
      return '/admin/rules?done=deleted';
    });
  });

  // ── Replacement routes
  app.get('/replacements/new', (c) => replacementForm(c, NEW_REPLACEMENT, { title: '新建替换词' }));
  app.get('/replacements/:id', async (c) => {
    const id = pathId(c);
    const r = (await filters.overview()).replacements.find((x) => x.id === id);
    if (!r) throw new RedianError('NOT_FOUND', `replacement #${id}`);
    const form: ReplacementForm = { id: String(r.id), source: r.sourceId === null ? '' : String(r.sourceId), find: r.find, replace: r.replace, enabled: r.enabled };
    return replacementForm(c, form, { title: `替换词 #${id}`, notice: doneText(c.req.query('done')) });
  });
  app.post('/replacements/dry-run', async (c) => {
    const f = await readReplacement(c);
    const title = f.id ? `替换词 #${f.id}` : '新建替换词';
    try {
      const list = await sources();
      return replacementForm(c, f, { title, result: await filters.dryRun({ kind: 'replacement', draft: replacementDraft(f, list) }) });
    } catch (err) {
      return refusedOn(err, (error, status) => replacementForm(c, f, { title, error, status }));
    }
  });
  const saveReplacement = async (c: Context<AdminEnv>, f: ReplacementForm) => {
    try {
      const saved = await filters.saveReplacement(replacementDraft(f, await sources()), currentAdmin(c).username);
      return c.redirect(`/admin/rules/replacements/${saved.id}?done=saved`, 303);
    } catch (err) {
      return refusedOn(err, (error, status) => replacementForm(c, f, { title: f.id ? `替换词 #${f.id}` : '新建替换词', error, status }));
    }
  };
  app.post('/replacements', async (c) => saveReplacement(c, { ...(await readReplacement(c)), id: '' }));
  app.post('/replacements/:id', async (c) => {
    pathId(c);
    return saveReplacement(c, withPathId(c, await readReplacement(c)));
  });
  app.post('/replacements/:id/delete', (c) => {
    const id = pathId(c);
    return runAction(c, deps, { section: 'rules', back: '/admin/rules' }, async () => {
      await filters.deleteReplacement(id, currentAdmin(c).username);
      return '/admin/rules?done=deleted';
    });
  });

  // ── List routes
  app.get('/lists/new', (c) => listForm(c, NEW_LIST, { title: listTitle(NEW_LIST) }));
  app.get('/lists/:id', async (c) => {
    const id = pathId(c);
    const l = await filters.list(id).catch((err: unknown) => {
      throw isRedianError(err, 'FILTER_UNKNOWN') ? new RedianError('NOT_FOUND', err.message) : err;
    });
    const form = listFormOf(l);
    return listForm(c, form, { title: listTitle(form), notice: savedListNotice(c, l.words.length) });
  });
  app.post('/lists/dry-run', async (c) => {
    const { form, file, fileName } = await readList(c);
    try {
      const result = await filters.dryRun({ kind: 'list', draft: listDraft(form, file) });
      // The file input cannot be filled again: a dry run of a file says so, and 保存 then needs it chosen again.
      const notice = file ? `以上是文件「${fileName}」的试运行结果。保存时请重新选择该文件。` : undefined;
      return listForm(c, form, { title: listTitle(form), result, notice });
    } catch (err) {
      return refusedOn(err, (error, status) => listForm(c, form, { title: listTitle(form), error: fileError(error, file), status }));
    }
  });
  const saveList = async (c: Context<AdminEnv>, form: ListForm, file: Uint8Array | undefined) => {
    try {
      const saved = await filters.saveList(listDraft(form, file), currentAdmin(c).username);
      const q = new URLSearchParams({ done: 'saved', enc: saved.encoding, dup: String(saved.duplicates) });
      return c.redirect(`/admin/rules/lists/${saved.list.id}?${q}`, 303);
    } catch (err) {
      return refusedOn(err, (error, status) => listForm(c, form, { title: listTitle(form), error: fileError(error, file), status }));
    }
  };
  app.post('/lists', async (c) => {
    const { form, file } = await readList(c);
    return saveList(c, { ...form, id: '' }, file);
  });
  app.post('/lists/:id', async (c) => {
    pathId(c);
    const { form, file } = await readList(c);
    return saveList(c, withPathId(c, form), file);
  });
  app.post('/lists/:id/delete', (c) => {
    const id = pathId(c);
    return runAction(c, deps, { section: 'rules', back: '/admin/rules' }, async () => {
      await filters.deleteList(id, currentAdmin(c).username);
      return '/admin/rules?done=deleted';
    });
  });
  return app;
}

/** A refused file cannot be shown again: the message says to choose it again. */
const fileError = (error: string, file: Uint8Array | undefined) => (file ? `${error}（文件未保存，请修改后重新选择。）` : error);

/** After a save: how many words, read in which encoding, how many duplicates dropped (numbers and a charset name only). */
function savedListNotice(c: Context, words: number): string | undefined {
  if (c.req.query('done') !== 'saved') return undefined;
  const enc = c.req.query('enc') ?? '';
  const dup = Number(c.req.query('dup'));
  const read = /^[A-Za-z0-9_-]{1,24}$/.test(enc) ? `，按 ${enc.toUpperCase()} 读取` : '';
  const dropped = Number.isInteger(dup) && dup > 0 ? `，去掉重复 ${dup} 个` : '';
  return `已保存：${words} 个词${read}${dropped}。`;
}
