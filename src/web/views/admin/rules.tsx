import type { Child } from 'hono/jsx';
import type { FilterOverview } from '../../../filters/service.js';
import type { ListAction, RuleAction, RuleField, RuleMatch } from '../../../filters/types.js';
import type { SourceWithCount } from '../../../store/repos/index.js';
import { formatDateTime } from '../format.js';
import { FIELD_LABEL, LIST_ACTION_LABEL, MATCH_LABEL, ReasonChips, RULE_ACTION_LABEL } from './editorial.js';
import { Flash } from './layout.js';
import { SourceSelect } from './source-select.js';

/** The forms and tables of /admin/rules (src/web/routes/admin/rules.tsx). */

export const RULE_ACTIONS = Object.keys(RULE_ACTION_LABEL) as RuleAction[];
export const LIST_ACTIONS = Object.keys(LIST_ACTION_LABEL) as ListAction[];
export const FIELDS = Object.keys(FIELD_LABEL) as RuleField[];
export const MATCHES = Object.keys(MATCH_LABEL) as RuleMatch[];

/** A form as typed: strings and ticks, so a refused one comes back exactly. */
export interface RuleForm {
  id: string;
  source: string;
  action: string;
  field: string;
  match: string;
  pattern: string;
  note: string;
  ignoreCase: boolean;
  enabled: boolean;
}
export interface ReplacementForm {
  id: string;
  source: string;
  find: string;
  replace: string;
  enabled: boolean;
}
export interface ListForm {
  id: string;
  name: string;
  action: string;
  words: string;
  enabled: boolean;
}

export const NEW_RULE: RuleForm = { id: '', source: '', action: 'hold', field: 'any', match: 'keywords', pattern: '', note: '', ignoreCase: true, enabled: true };
export const NEW_REPLACEMENT: ReplacementForm = { id: '', source: '', find: '', replace: '', enabled: true };
export const NEW_LIST: ListForm = { id: '', name: '', action: 'hold', words: '', enabled: true };

/** A select of the keys of `labels`, each shown by its label. */
function Choice({ name, labels, selected }: { name: string; labels: Record<string, string>; selected: string }) {
  return (
    <select name={name}>
      {Object.entries(labels).map(([value, label]) => (
        <option value={value} selected={selected === value}>
          {label}
        </option>
      ))}
    </select>
  );
}

/** 试运行 posts the same form to …/dry-run; 保存 to the form's own action. */
function FormButtons({ dryRun }: { dryRun: string }) {
  return (
    <div class="actions">
      <button type="submit" class="button secondary" formaction={dryRun} name="intent" value="dry-run">
        试运行
      </button>
      <button type="submit" class="button">
        保存
      </button>
    </div>
  );
}

/**
 * The frame of the three draft forms: posted to /admin/rules/<kind>[/<id>], with the CSRF
 * token, the id being edited, an 启用 tick and the 试运行 / 保存 buttons around its fields.
 */
function DraftForm(props: { kind: 'rules' | 'replacements' | 'lists'; id: string; enabled: boolean; csrf: Child; testid: string; multipart?: boolean; children?: Child }) {
  const base = `/admin/rules/${props.kind}`;
  return (
    <form method="post" action={props.id ? `${base}/${props.id}` : base} enctype={props.multipart ? 'multipart/form-data' : undefined} class="admin-form" data-testid={props.testid}>
      {props.csrf}
      <input type="hidden" name="id" value={props.id} />
      {props.children}
      <label class="check">
        <input type="checkbox" name="enabled" value="1" checked={props.enabled} /> 启用
      </label>
      <FormButtons dryRun={`${base}/dry-run`} />
    </form>
  );
}

/** A filter rule: where it applies, what it does, what it looks for. */
export function RuleFormView({ form, sources, csrf, invalid }: { form: RuleForm; sources: readonly SourceWithCount[]; csrf: Child; invalid: boolean }) {
  return (
    <DraftForm kind="rules" id={form.id} enabled={form.enabled} csrf={csrf} testid="rule-form">
      <label>
        适用来源
        <SourceSelect sources={sources} selected={form.source ? Number(form.source) : undefined} allLabel="全部来源（全局）" />
      </label>
      <label>
        动作
        <Choice name="action" labels={RULE_ACTION_LABEL} selected={form.action} />
      </label>
      <label>
        匹配范围
        <Choice name="field" labels={FIELD_LABEL} selected={form.field} />
      </label>
      <label>
        匹配方式
        <Choice name="match" labels={MATCH_LABEL} selected={form.match} />
      </label>
      <label class={invalid ? 'invalid' : undefined}>
        关键词或正则表达式
        <textarea name="pattern" rows={5} maxlength={20000} class="key">
          {form.pattern}
        </textarea>
      </label>
      <p class="muted">
        关键词：每行一个，不区分大小写和全角半角，标题等包含其中任何一个即匹配。正则表达式：JavaScript 语法，最长 500 字，只查每个字段的前 100,000 字；为保证不拖慢采集，按线性时间引擎执行，不支持先行、后行断言和反向引用。“仅收录匹配的”：有这类规则时，一条也不匹配的文章不收录。
      </p>
      <label class="check">
        <input type="checkbox" name="ignoreCase" value="1" checked={form.ignoreCase} /> 正则表达式不区分大小写
      </label>
      <label>
        备注（显示在审核队列和审计日志中）
        <input name="note" maxlength={200} value={form.note} />
      </label>
    </DraftForm>
  );
}

/** A word replacement: 旧词 → 新词, global or for one source. */
export function ReplacementFormView({ form, sources, csrf, invalid }: { form: ReplacementForm; sources: readonly SourceWithCount[]; csrf: Child; invalid: boolean }) {
  return (
    <DraftForm kind="replacements" id={form.id} enabled={form.enabled} csrf={csrf} testid="replacement-form">
      <label>
        适用来源
        <SourceSelect sources={sources} selected={form.source ? Number(form.source) : undefined} allLabel="全部来源（全局）" />
      </label>
      <label class={invalid ? 'invalid' : undefined}>
        旧词
        <input name="find" maxlength={200} value={form.find} />
      </label>
      <label>
        新词（可留空，即删去旧词）
        <input name="replace" maxlength={200} value={form.replace} />
      </label>
      <p class="muted">只替换标题和正文的文字，不改动链接、图片地址和标签。多个替换词重叠时，较长的旧词优先。</p>
    </DraftForm>
  );
}

/** A sensitive-word list: typed, or imported from a file (multipart). */
export function ListFormView({ form, csrf, invalid }: { form: ListForm; csrf: Child; invalid: boolean }) {
  return (
    <DraftForm kind="lists" id={form.id} enabled={form.enabled} csrf={csrf} testid="list-form" multipart>
      <label>
        名称
        <input name="name" maxlength={100} value={form.name} required />
      </label>
      <label>
        命中时
        <Choice name="action" labels={LIST_ACTION_LABEL} selected={form.action} />
      </label>
      <label>
        从文件导入（可选；最大 2 MB、100,000 个词；UTF-8、GBK、GB18030 均可）
        <input type="file" name="file" accept=".txt,.csv,text/plain" />
      </label>
      <label class={invalid ? 'invalid' : undefined}>
        词语（每行一个，也可用逗号、顿号分隔；选择了文件时以文件为准）
        <textarea name="words" rows={12}>
          {form.words}
        </textarea>
      </label>
    </DraftForm>
  );
}

/** /admin/rules: the rules, replacements and lists in force, and what they dropped lately. */
export function RulesOverview({ overview, sources, csrf, done }: { overview: FilterOverview; sources: readonly SourceWithCount[]; csrf: Child; done: string | undefined }) {
  const sourceName = new Map(sources.map((s) => [s.id, s.name]));
  const scope = (id: number | null) => (id === null ? '全局' : (sourceName.get(id) ?? `来源 #${id}`));
  const Delete = ({ action, what }: { action: string; what: string }) => (
    <form method="post" action={action} class="inline-form">
      {csrf}
      <button type="submit" class="button small danger" aria-label={`删除${what}`}>
        删除
      </button>
    </form>
  );
  return (
    <>
      <section class="panel" id="rules">
        <h1 class="page-title">过滤规则</h1>
        <Flash kind="ok" text={done} />
        <p class="muted">新文章在入库前按这里的规则检查：拦截的不入库，待审的进入审核队列。改动规则后，已拦截的条目会在下次抓取时重新检查。</p>
        <p class="actions">
          <a class="button small" href="/admin/rules/rules/new">
            新建规则
          </a>
        </p>
        {overview.rules.length === 0 ? (
          <p class="muted">还没有规则。</p>
        ) : (
          <table class="admin-table" data-testid="rules-table">
            <thead>
              <tr>
                <th scope="col">规则</th>
                <th scope="col">适用来源</th>
                <th scope="col">动作</th>
                <th scope="col">范围</th>
                <th scope="col">内容</th>
                <th scope="col">状态</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {overview.rules.map((r) => (
                <tr data-rule-id={String(r.id)}>
                  <td data-label="规则">
                    <a href={`/admin/rules/rules/${r.id}`}>{r.note || `规则 #${r.id}`}</a>
                  </td>
                  <td data-label="适用来源">{scope(r.sourceId)}</td>
                  <td data-label="动作">{RULE_ACTION_LABEL[r.action]}</td>
                  <td data-label="范围">{FIELD_LABEL[r.field]}</td>
                  <td data-label="内容" class="key">
                    {r.match === 'regex' ? `/${r.pattern}/${r.ignoreCase ? 'i' : ''}` : r.pattern.split('\n').filter(Boolean).join('、')}
                  </td>
                  <td data-label="状态">{r.enabled ? '启用' : '停用'}</td>
                  <td data-label="操作" class="actions">
                    <Delete action={`/admin/rules/rules/${r.id}/delete`} what={`规则 #${r.id}`} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section class="panel" id="replacements">
        <h2 class="section-title">替换词</h2>
        <p class="actions">
          <a class="button small" href="/admin/rules/replacements/new">
            新建替换词
          </a>
        </p>
        {overview.replacements.length === 0 ? (
          <p class="muted">还没有替换词。</p>
        ) : (
          <table class="admin-table" data-testid="replacements-table">
            <thead>
              <tr>
                <th scope="col">旧词</th>
                <th scope="col">新词</th>
                <th scope="col">适用来源</th>
                <th scope="col">状态</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {overview.replacements.map((r) => (
                <tr data-replacement-id={String(r.id)}>
                  <td data-label="旧词">
                    <a href={`/admin/rules/replacements/${r.id}`}>{r.find}</a>
                  </td>
                  <td data-label="新词">{r.replace || <span class="muted">（删去）</span>}</td>
                  <td data-label="适用来源">{scope(r.sourceId)}</td>
                  <td data-label="状态">{r.enabled ? '启用' : '停用'}</td>
                  <td data-label="操作" class="actions">
                    <Delete action={`/admin/rules/replacements/${r.id}/delete`} what={`替换词 ${r.find}`} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section class="panel" id="lists">
        <h2 class="section-title">敏感词表</h2>
        <p class="actions">
          <a class="button small" href="/admin/rules/lists/new">
            新建或导入词表
          </a>
        </p>
        {overview.lists.length === 0 ? (
          <p class="muted">还没有敏感词表。</p>
        ) : (
          <table class="admin-table" data-testid="lists-table">
            <thead>
              <tr>
                <th scope="col">名称</th>
                <th scope="col">命中时</th>
                <th scope="col">词数</th>
                <th scope="col">状态</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {overview.lists.map((l) => (
                <tr data-list-id={String(l.id)}>
                  <td data-label="名称">
                    <a href={`/admin/rules/lists/${l.id}`}>{l.name}</a>
                  </td>
                  <td data-label="命中时">{LIST_ACTION_LABEL[l.action]}</td>
                  <td data-label="词数" class="num">
                    {l.wordCount}
                  </td>
                  <td data-label="状态">{l.enabled ? '启用' : '停用'}</td>
                  <td data-label="操作" class="actions">
                    <Delete action={`/admin/rules/lists/${l.id}/delete`} what={`词表 ${l.name}`} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section class="panel" id="filtered">
        <h2 class="section-title">最近拦截</h2>
        {overview.filteredRecent.length === 0 ? (
          <p class="muted">最近没有被拦截的条目。</p>
        ) : (
          <table class="admin-table" data-testid="filtered-table">
            <thead>
              <tr>
                <th scope="col">标题</th>
                <th scope="col">来源</th>
                <th scope="col">原因</th>
                <th scope="col">时间</th>
              </tr>
            </thead>
            <tbody>
              {overview.filteredRecent.map((x) => (
                <tr>
                  <td data-label="标题">
                    <a href={x.url} rel="noopener noreferrer nofollow" target="_blank">
                      {x.title || x.url}
                    </a>
                  </td>
                  <td data-label="来源">{x.sourceName}</td>
                  <td data-label="原因">
                    <ReasonChips reasons={x.reasons} />
                  </td>
                  <td data-label="时间">{formatDateTime(x.at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
