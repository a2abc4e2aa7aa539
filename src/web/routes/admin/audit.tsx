import { Hono } from 'hono';
import type { AuditFilter } from '../../../audit/audit.js';
import type { WebDeps } from '../../context.js';
import { parsePage } from '../../params.js';
import { formatDateTime } from '../../views/format.js';
import { withQuery } from './actions.js';
import { adminGuard, type AdminEnv, renderAdmin } from './shell.js';

const PAGE = 50;
const BEIJING_MS = 8 * 3600_000;

/** A YYYY-MM-DD date (Beijing time) as epoch ms at its start, or undefined. */
function dayStart(raw: string | undefined): number | undefined {
  if (!raw || !/^\d{4}-\d{2}-\d{2}$/.test(raw)) return undefined;
  const t = Date.parse(`${raw}T00:00:00Z`);
  return Number.isNaN(t) ? undefined : t - BEIJING_MS;
}

function pretty(json: string | null): string {
  if (json === null) return '—';
  try {
    return JSON.stringify(JSON.parse(json), null, 2);
  } catch {
    return json;
  }
}

/** /admin/audit: who decided what, when, with the state before and after; filtered and paged. */
export function auditRoutes(deps: WebDeps): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  app.use('*', adminGuard(deps));
  app.get('/', async (c) => {
    const field = (k: string) => (c.req.query(k) ?? '').trim().slice(0, 200);
    const [actor, action, target, from, to] = ['actor', 'action', 'target', 'from', 'to'].map(field) as [string, string, string, string, string];
    const since = dayStart(from);
    const untilDay = dayStart(to);
    const filter: AuditFilter = {
      actor: actor || undefined,
      action: action || undefined,
      target: target || undefined,
      since,
      until: untilDay === undefined ? undefined : untilDay + 86_400_000,
    };
    const page = parsePage(c.req.query('page'));
    const { entries, total } = await deps.services.audit.list(filter, PAGE, (page - 1) * PAGE);
    const pages = Math.max(1, Math.ceil(total / PAGE));
    const params = { actor, action, target, from: since === undefined ? '' : from, to: untilDay === undefined ? '' : to };
    return renderAdmin(
      c,
      deps,
      { title: '审计日志', section: 'audit' },
      <>
        <section class="panel">
          <h1 class="page-title">审计日志</h1>
          <form method="get" action="/admin/audit" class="filter-form">
            <label>
              操作人
              <input name="actor" value={actor} maxlength={100} />
            </label>
            <label>
              操作
              <input name="action" value={action} maxlength={64} placeholder="article.hide" />
            </label>
            <label>
              对象
              <input name="target" value={target} maxlength={200} placeholder="article:42" />
            </label>
            <label>
              从
              <input type="date" name="from" value={params.from} />
            </label>
            <label>
              到
              <input type="date" name="to" value={params.to} />
            </label>
            <button type="submit" class="button">
              筛选
            </button>
          </form>
          <p class="muted">共 {total} 条（时间为北京时间）</p>
        </section>
        <section class="panel">
          <table class="admin-table audit-table">
            <thead>
              <tr>
                <th scope="col">时间</th>
                <th scope="col">操作人</th>
                <th scope="col">操作</th>
                <th scope="col">对象</th>
                <th scope="col">之前</th>
                <th scope="col">之后</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr>
                  <td data-label="时间">{formatDateTime(e.at)}</td>
                  <td data-label="操作人">
                    <a href={withQuery('/admin/audit', { actor: e.actor })}>{e.actor}</a>
                  </td>
                  <td data-label="操作">
                    <a href={withQuery('/admin/audit', { action: e.action })}>{e.action}</a>
                  </td>
                  <td data-label="对象">
                    <a href={withQuery('/admin/audit', { target: e.target })}>{e.target}</a>
                  </td>
                  <td data-label="之前">
                    <pre class="json">{pretty(e.before_json)}</pre>
                  </td>
                  <td data-label="之后">
                    <pre class="json">{pretty(e.after_json)}</pre>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <nav class="pager" aria-label="分页">
            {page > 1 ? <a href={withQuery('/admin/audit', { ...params, page: page - 1 })}>上一页</a> : null}
            <span>
              第 {page} / {pages} 页
            </span>
            {page < pages ? <a href={withQuery('/admin/audit', { ...params, page: page + 1 })}>下一页</a> : null}
          </nav>
        </section>
      </>,
    );
  });
  return app;
}
