import { type Context, Hono } from 'hono';
import { isRedianError, RedianError } from '../../../errors.js';
import { REFERENCE_PATTERN } from '../../../rights/reference.js';
import { TAKEDOWN_SCOPES, type TakedownDetail } from '../../../rights/takedown.js';
import type { TakedownScope, TakedownStatus } from '../../../store/schema.js';
import type { WebDeps } from '../../context.js';
import { formatDateTime } from '../../views/format.js';
import { runAction, withQuery } from './actions.js';
import { adminGuard, type AdminEnv, csrfField, currentAdmin, Flash, renderAdmin } from './shell.js';

const STATUS_LABEL: Record<TakedownStatus, string> = { pending: '待处理', accepted: '已删除', rejected: '已驳回' };
const SCOPE_LABEL: Record<TakedownScope, string> = {
  article: '仅投诉的文章',
  story: '同一事件的全部转载（所有媒体的同文）',
  source: '整个来源：停用来源并删除其全部文章',
};
const MAIL_LABEL: Record<string, string> = { pending: '待发送', sent: '已发送', failed: '发送失败' };
const DONE: Record<string, string> = { accepted: '已受理：文章已删除并加入抓取黑名单，已通知投诉人。', rejected: '已驳回，已通知投诉人。' };
const PAGE = 50;

/** /admin/takedowns: the queue (pending first), a request with its articles, accept or reject. */
export function takedownAdminRoutes(deps: WebDeps): Hono<AdminEnv> {
  const { takedowns } = deps.services;
  const app = new Hono<AdminEnv>();
  app.use('*', adminGuard(deps));

  app.get('/', async (c) => {
    const raw = c.req.query('status');
    const status = raw === 'pending' || raw === 'accepted' || raw === 'rejected' ? raw : undefined;
    const [list, counts] = await Promise.all([takedowns.list(status, PAGE), takedowns.counts()]);
    return renderAdmin(
      c,
      deps,
      { title: '侵权投诉', section: 'takedowns' },
      <section class="panel">
        <h1 class="page-title">侵权投诉</h1>
        <p class="actions">
          <a href="/admin/takedowns" aria-current={status === undefined ? 'page' : undefined}>
            全部
          </a>
          {(['pending', 'accepted', 'rejected'] as const).map((s) => (
            <a href={withQuery('/admin/takedowns', { status: s })} aria-current={status === s ? 'page' : undefined}>
              {STATUS_LABEL[s]}（{counts[s]}）
            </a>
          ))}
        </p>
        {takedowns.outbox.configured ? null : <p class="muted">未设置 SMTP_URL / SMTP_FROM：给投诉人的通知暂存在发件箱中，设置后自动发送。</p>}
        {list.length === 0 ? (
          <p class="muted">没有投诉。</p>
        ) : (
          <table class="admin-table" data-testid="takedown-queue">
            <thead>
              <tr>
                <th scope="col">编号</th>
                <th scope="col">状态</th>
                <th scope="col">收到</th>
                <th scope="col">投诉人</th>
                <th scope="col">链接</th>
              </tr>
            </thead>
            <tbody>
              {list.map((r) => (
                <tr data-status={r.status}>
                  <td data-label="编号">
                    <a href={`/admin/takedowns/${r.reference}`}>{r.reference}</a>
                  </td>
                  <td data-label="状态">{STATUS_LABEL[r.status]}</td>
                  <td data-label="收到">{formatDateTime(r.created_at)}</td>
                  <td data-label="投诉人">
                    {r.claimant}
                    {r.organisation ? <span class="muted">（{r.organisation}）</span> : null}
                  </td>
                  <td data-label="链接" class="num">
                    {r.urls.split('\n').length}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>,
    );
  });

  const detailOr404 = async (c: Context) => {
    const ref = c.req.param('ref') ?? '';
    if (!REFERENCE_PATTERN.test(ref)) throw new RedianError('NOT_FOUND', `takedown ${ref}`);
    return takedowns.detail(ref).catch((err) => Promise.reject(isRedianError(err, 'TAKEDOWN_UNKNOWN') ? new RedianError('NOT_FOUND', `takedown ${ref}`) : err));
  };

  app.get('/:ref', async (c) => {
    const detail = await detailOr404(c);
    const done = c.req.query('done');
    return renderAdmin(c, deps, { title: detail.request.reference, section: 'takedowns' }, <Detail c={c} detail={detail} done={done ? DONE[done] : undefined} />);
  });

  const back = (c: Context) => ({ section: 'takedowns', back: `/admin/takedowns/${c.req.param('ref')}` });
  app.post('/:ref/accept', async (c) => {
    const { request } = await detailOr404(c);
    return runAction(c, deps, back(c), async () => {
      const body = await c.req.parseBody();
      const scope = TAKEDOWN_SCOPES.find((s) => s === body.scope);
      if (!scope) throw new RedianError('TAKEDOWN_INVALID', '请选择删除范围');
      const note = typeof body.note === 'string' && body.note.trim() ? body.note.trim().slice(0, 2000) : null;
      await takedowns.accept(request.reference, scope, currentAdmin(c).username, note);
      return `/admin/takedowns/${request.reference}?done=accepted`;
    });
  });
  app.post('/:ref/reject', async (c) => {
    const { request } = await detailOr404(c);
    return runAction(c, deps, back(c), async () => {
      const body = await c.req.parseBody();
      await takedowns.reject(request.reference, typeof body.reason === 'string' ? body.reason : '', currentAdmin(c).username);
      return `/admin/takedowns/${request.reference}?done=rejected`;
    });
  });
  return app;
}

function Detail({ c, detail, done }: { c: Context<AdminEnv>; detail: TakedownDetail; done: string | undefined }) {
  const { request: r, articles, mails } = detail;
  return (
    <>
      <section class="panel">
        <h1 class="page-title">
          投诉 {r.reference} <span class="tag">{STATUS_LABEL[r.status]}</span>
        </h1>
        <Flash kind="ok" text={done} />
        <dl class="facts">
          <dt>收到</dt>
          <dd>{formatDateTime(r.created_at)}</dd>
          <dt>投诉人</dt>
          <dd>{r.claimant}</dd>
          <dt>单位</dt>
          <dd>{r.organisation ?? '-'}</dd>
          <dt>邮箱</dt>
          <dd class="break">{r.email}</dd>
          <dt>善意声明</dt>
          <dd>{r.good_faith ? '已确认' : '未确认'}</dd>
          <dt>作品说明</dt>
          <dd class="pre-wrap">{r.work_description}</dd>
          <dt>投诉链接</dt>
          <dd>
            <ul class="plain-list">
              {r.urls.split('\n').map((u) => (
                <li class="break">{u}</li>
              ))}
            </ul>
          </dd>
          {r.status !== 'pending' ? (
            <>
              <dt>处理</dt>
              <dd>
                {STATUS_LABEL[r.status]} · {r.decided_by ?? '-'} · {r.decided_at ? formatDateTime(r.decided_at) : '-'}
                {r.scope ? ` · ${SCOPE_LABEL[r.scope]}` : ''}
              </dd>
              {r.decision_reason ? (
                <>
                  <dt>{r.status === 'rejected' ? '驳回理由' : '备注'}</dt>
                  <dd class="pre-wrap">{r.decision_reason}</dd>
                </>
              ) : null}
            </>
          ) : null}
        </dl>
      </section>
      <section class="panel">
        <h2 class="section-title">涉及的文章</h2>
        {articles.length === 0 ? (
          <p class="muted">这些链接指向的文章都不在本站。</p>
        ) : (
          <table class="admin-table" data-testid="takedown-articles">
            <thead>
              <tr>
                <th scope="col">文章</th>
                <th scope="col">来源</th>
                <th scope="col">状态</th>
                <th scope="col">原文</th>
              </tr>
            </thead>
            <tbody>
              {articles.map((a) => (
                <tr>
                  <td data-label="文章">
                    <a href={`/a/${a.id}`}>{a.title}</a>
                    {a.story_id !== null ? (
                      <>
                        {' '}
                        <a class="tag" href={`/story/${a.story_id}`}>
                          同一事件
                        </a>
                      </>
                    ) : null}
                  </td>
                  <td data-label="来源">{a.source_name}</td>
                  <td data-label="状态">{a.status === 'taken_down' ? '已删除' : a.status === 'hidden' ? '已隐藏' : '已发布'}</td>
                  <td data-label="原文" class="break">
                    <a href={a.url} rel="noopener noreferrer nofollow" target="_blank">
                      {a.url}
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {r.status === 'pending' ? (
        <section class="panel admin-grid">
          <form method="post" action={`/admin/takedowns/${r.reference}/accept`} class="admin-form" data-testid="accept-form">
            {csrfField(c)}
            <h2 class="section-title">受理并删除</h2>
            <p class="muted">文章将立即在所有节点返回 410（该文章因版权原因已删除），从列表、搜索、订阅源、站点地图和推荐中移除，其原文链接加入抓取黑名单。</p>
            {TAKEDOWN_SCOPES.map((s, i) => (
              <label class="check">
                <input type="radio" name="scope" value={s} checked={i === 0} />
                {SCOPE_LABEL[s]}
              </label>
            ))}
            <label>
              备注（选填，记入审计日志）
              <input name="note" maxlength={2000} />
            </label>
            <button type="submit" class="button danger">
              受理并删除
            </button>
          </form>
          <form method="post" action={`/admin/takedowns/${r.reference}/reject`} class="admin-form" data-testid="reject-form">
            {csrfField(c)}
            <h2 class="section-title">驳回</h2>
            <label>
              驳回理由（将发送给投诉人）
              <textarea name="reason" rows={4} required maxlength={2000}></textarea>
            </label>
            <button type="submit" class="button">
              驳回
            </button>
          </form>
        </section>
      ) : null}
      <section class="panel">
        <h2 class="section-title">给投诉人的通知</h2>
        <table class="admin-table" data-testid="takedown-mails">
          <thead>
            <tr>
              <th scope="col">主题</th>
              <th scope="col">状态</th>
              <th scope="col">尝试</th>
              <th scope="col">错误</th>
            </tr>
          </thead>
          <tbody>
            {mails.map((m) => (
              <tr data-mail-status={m.status}>
                <td data-label="主题">{m.subject}</td>
                <td data-label="状态">
                  {MAIL_LABEL[m.status] ?? m.status}
                  {m.sent_at ? `（${formatDateTime(m.sent_at)}）` : ''}
                </td>
                <td data-label="尝试" class="num">
                  {m.attempts}
                </td>
                <td data-label="错误" class="break">
                  {m.last_error ?? ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <p>
        <a href="/admin/takedowns">返回投诉列表</a>
      </p>
    </>
  );
}
