import { type Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { isRedianError, RedianError } from '../../../errors.js';
import { REVIEW_PAGE_SIZE } from '../../../review/service.js';
import type { HeldArticleDetail } from '../../../review/types.js';
import type { WebDeps } from '../../context.js';
import { parseId, parsePage } from '../../params.js';
import { editorText, ReasonChips, termsOf } from '../../views/admin/editorial.js';
import { Highlighted, highlightHtml, queueExcerpt } from '../../views/admin/highlight.js';
import { formatDateTime } from '../../views/format.js';
import { withQuery } from './actions.js';
import { AdminMessage, adminGuard, type AdminEnv, csrfField, currentAdmin, Flash, formValue, renderAdmin } from './shell.js';
import { SourceSelect } from '../../views/admin/source-select.js';

/**
 * /admin/review: articles held by a rule, a sensitive-word list or a source that requires
 * review (issue 7), longest waiting first, each with why it waits and the matched words
 * marked; approve or reject them in bulk, or open one to read, correct and decide.
 */

const DONE: Record<string, string> = { approved: '已通过，文章已发布。', rejected: '已拒绝，文章不会发布。', edited: '修改已保存，文章仍在待审。' };

/** Where to return after a bulk decision: a page of the queue, nothing else. */
function backTo(raw: string): string {
  return /^\/admin\/review(\?[^\s"<>]*)?$/.test(raw) ? raw : '/admin/review';
}

function withDone(path: string, done: string, n?: number): string {
  const url = new URL(path, 'http://x');
  url.searchParams.set('done', done);
  if (n !== undefined) url.searchParams.set('n', String(n));
  return `${url.pathname}${url.search}`;
}

/** The success line, with how many articles when the redirect says (a number only). */
function doneLine(c: Context): string | undefined {
  const text = DONE[c.req.query('done') ?? ''];
  const n = Number(c.req.query('n'));
  return text && Number.isInteger(n) && n > 1 ? `${n} 篇${text}` : text;
}

export function reviewRoutes(deps: WebDeps): Hono<AdminEnv> {
  const { review } = deps.services;
  const app = new Hono<AdminEnv>();
  app.use('*', adminGuard(deps));

  /** A page of the queue; `at` is the query it was asked with (the request's, or the page a refused POST came from). */
  const queuePage = async (c: Context<AdminEnv>, at: URLSearchParams, error?: { text: string; status: ContentfulStatusCode }) => {
    const pageNo = parsePage(at.get('page') ?? undefined);
    const sourceId = parseId(at.get('source') ?? undefined);
    const [queue, sources] = await Promise.all([review.queue(pageNo, { sourceId }), deps.services.admin.sources.list()]);
    const here = withQuery('/admin/review', { source: sourceId, page: pageNo > 1 ? pageNo : undefined });
    const pages = Math.max(1, Math.ceil(queue.total / REVIEW_PAGE_SIZE));
    return renderAdmin(
      c,
      deps,
      { title: '审核', section: 'review' },
      <>
        <section class="panel">
          <h1 class="page-title">
            审核 <span class="badge" data-testid="queue-total">{queue.total}</span>
          </h1>
          <Flash kind="ok" text={doneLine(c)} />
          <Flash kind="error" text={error?.text} />
          <p class="muted">被规则、敏感词表拦下待审的文章，以及需要审核的来源的新文章，在这里等待处理；通过前不会出现在列表、搜索、订阅和站点地图中。</p>
          <form method="get" action="/admin/review" class="filter-form" role="search">
            <label>
              来源
              <SourceSelect sources={sources} selected={sourceId} allLabel="全部" />
            </label>
            <button type="submit" class="button">
              筛选
            </button>
          </form>
        </section>
        <section class="panel">
          {queue.rows.length === 0 ? (
            <p class="muted" data-testid="queue-empty">
              没有待审核的文章。
            </p>
          ) : (
            <form method="post" action="/admin/review/approve" data-testid="review-queue">
              {csrfField(c)}
              <input type="hidden" name="back" value={here} />
              <table class="admin-table review-table">
                <thead>
                  <tr>
                    <th scope="col">选择</th>
                    <th scope="col">文章</th>
                    <th scope="col">来源</th>
                    <th scope="col">待审时间</th>
                    <th scope="col">原因</th>
                  </tr>
                </thead>
                <tbody>
                  {queue.rows.map((a) => {
                    const terms = termsOf(a.reasons);
                    return (
                      <tr data-article-id={String(a.id)}>
                        <td data-label="选择">
                          <input type="checkbox" name="ids" value={String(a.id)} aria-label={`选择：${a.title}`} />
                        </td>
                        <td data-label="文章">
                          <div>
                            <a href={`/admin/review/${a.id}`} class="review-title">
                              <Highlighted text={a.title} terms={terms} />
                            </a>
                            <p class="excerpt">
                              <Highlighted text={queueExcerpt(a.summary, a.text, terms)} terms={terms} />
                            </p>
                          </div>
                        </td>
                        <td data-label="来源">{a.sourceName}</td>
                        <td data-label="待审时间">{formatDateTime(a.heldAt)}</td>
                        <td data-label="原因">
                          <ReasonChips reasons={a.reasons} />
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              <div class="bulk-bar">
                <button type="submit" class="button">
                  通过所选
                </button>
                <label class="inline-form">
                  拒绝理由（可选）
                  <input name="note" maxlength={500} />
                </label>
                <button type="submit" class="button danger" formaction="/admin/review/reject">
                  拒绝所选
                </button>
              </div>
            </form>
          )}
          <nav class="pager" aria-label="分页">
            {pageNo > 1 ? <a href={withQuery('/admin/review', { source: sourceId, page: pageNo - 1 })}>上一页</a> : null}
            <span>
              第 {pageNo} / {pages} 页
            </span>
            {queue.hasNext ? <a href={withQuery('/admin/review', { source: sourceId, page: pageNo + 1 })}>下一页</a> : null}
          </nav>
        </section>
      </>,
      error?.status ?? 200,
    );
  };

  app.get('/', (c) => queuePage(c, new URL(c.req.url).searchParams));

  /** The ids ticked in the form (every `ids` field); anything not an id is refused, not skipped. */
  const tickedIds = async (c: Context): Promise<number[]> => {
    const raw = (await c.req.parseBody({ all: true })).ids;
    const values = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    return values.map((v) => {
      const id = typeof v === 'string' ? parseId(v) : undefined;
      if (id === undefined) throw new RedianError('NOT_FOUND', 'article');
      return id;
    });
  };

  for (const decision of ['approve', 'reject'] as const) {
    app.post(`/${decision}`, async (c) => {
      const back = backTo(await formValue(c, 'back'));
      const ids = await tickedIds(c);
      const actor = currentAdmin(c).username;
      try {
        if (decision === 'approve') await review.approve(ids, actor);
        else await review.reject(ids, actor, await formValue(c, 'note'));
      } catch (err) {
        // Nothing was decided: the queue again, with why (no ticks lost: they are still waiting).
        if (!(err instanceof RedianError) || err.status >= 500 || err.status === 404) throw err;
        return queuePage(c, new URL(back, 'http://x').searchParams, { text: editorText(err), status: err.status as ContentfulStatusCode });
      }
      return c.redirect(withDone(back, decision === 'approve' ? 'approved' : 'rejected', ids.length), 303);
    });
  }

  const detailPage = async (c: Context<AdminEnv>, a: HeldArticleDetail, edit?: { title: string; contentHtml: string; error: string }) => {
    const terms = termsOf(a.reasons);
    const here = `/admin/review/${a.id}`;
    return renderAdmin(
      c,
      deps,
      { title: `审核：${a.title}`, section: 'review' },
      <>
        <section class="panel">
          <p class="muted">
            <a href="/admin/review">← 审核队列</a>
          </p>
          <h1 class="page-title review-title">
            <Highlighted text={a.title} terms={terms} />
          </h1>
          <Flash kind="ok" text={doneLine(c)} />
          <p class="muted">
            {a.sourceName}
            {a.author ? ` · ${a.author}` : ''} · 待审自 {formatDateTime(a.heldAt)} ·{' '}
            <a href={a.url} rel="noopener noreferrer nofollow" target="_blank">
              原文
            </a>
          </p>
          <ReasonChips reasons={a.reasons} />
          <div class="actions" data-testid="review-decision">
            <form method="post" action={`${here}/approve`} class="inline-form">
              {csrfField(c)}
              <button type="submit" class="button">
                通过
              </button>
            </form>
            <form method="post" action={`${here}/reject`} class="inline-form">
              {csrfField(c)}
              <input name="note" maxlength={500} placeholder="拒绝理由（可选）" aria-label="拒绝理由" />
              <button type="submit" class="button danger">
                拒绝
              </button>
            </form>
          </div>
        </section>
        <section class="panel">
          <h2 class="section-title">正文</h2>
          {/* Images through the proxy, as on the article page: the origin never sees the editor. */}
          <div class="article-body review-body" dangerouslySetInnerHTML={{ __html: highlightHtml(deps.images.rewriteHtml(a.contentHtml), terms) }} />
        </section>
        <section class="panel" id="edit">
          <h2 class="section-title">修改</h2>
          <Flash kind="error" text={edit?.error} />
          <form method="post" action={`${here}/edit`} class="admin-form" data-testid="review-edit">
            {csrfField(c)}
            <label class={edit?.error ? 'invalid' : undefined}>
              标题
              <input name="title" maxlength={300} value={edit?.title ?? a.title} />
            </label>
            <label>
              正文（HTML，保存时会重新净化）
              <textarea name="content" rows={16} class="key">
                {edit?.contentHtml ?? a.contentHtml}
              </textarea>
            </label>
            <button type="submit" class="button">
              保存修改
            </button>
          </form>
        </section>
      </>,
      edit ? 400 : 200,
    );
  };

  const idOf = (c: Context) => {
    const id = parseId(c.req.param('id'));
    if (id === undefined) throw new RedianError('NOT_FOUND', 'article');
    return id;
  };

  /** A held article, or a page saying it no longer waits (decided meanwhile, or never held). */
  const held = async (c: Context<AdminEnv>, id: number): Promise<HeldArticleDetail | Response> => {
    try {
      return await review.get(id);
    } catch (err) {
      if (!isRedianError(err, 'REVIEW_NOT_HELD')) throw err;
      return renderAdmin(
        c,
        deps,
        { title: '不在审核队列中', section: 'review' },
        <AdminMessage title="不在审核队列中" message={editorText(err)} back={{ href: `/admin/articles/${id}`, label: '查看文章' }} />,
        409,
      );
    }
  };

  app.get('/:id', async (c) => {
    const a = await held(c, idOf(c));
    return a instanceof Response ? a : detailPage(c, a);
  });

  app.post('/:id/edit', async (c) => {
    const id = idOf(c);
    const a = await held(c, id);
    if (a instanceof Response) return a;
    const title = await formValue(c, 'title');
    const contentHtml = await formValue(c, 'content');
    try {
      await review.edit(id, { title, contentHtml }, currentAdmin(c).username);
    } catch (err) {
      if (!isRedianError(err, 'EDIT_INVALID')) throw err;
      return detailPage(c, a, { title, contentHtml, error: editorText(err) });
    }
    return c.redirect(`/admin/review/${id}?done=edited`, 303);
  });

  for (const decision of ['approve', 'reject'] as const) {
    app.post(`/:id/${decision}`, async (c) => {
      const id = idOf(c);
      const a = await held(c, id);
      if (a instanceof Response) return a;
      const actor = currentAdmin(c).username;
      if (decision === 'approve') await review.approve([id], actor);
      else await review.reject([id], actor, await formValue(c, 'note'));
      return c.redirect(withDone('/admin/review', decision === 'approve' ? 'approved' : 'rejected'), 303);
    });
  }
  return app;
}
