import { Hono } from 'hono';
import type { Context } from 'hono';
import { ADMIN_PAGE_SIZE } from '../../../admin/articles.js';
import type { ArticleQuery } from '../../../store/repos/editorial.js';
import type { ArticleStatus, Category } from '../../../store/schema.js';
import { RedianError } from '../../../errors.js';
import type { WebDeps } from '../../context.js';
import { parseId, parsePage } from '../../params.js';
import { formatDateTime } from '../../views/format.js';
import { doneText, runAction, withQuery } from './actions.js';
import { adminGuard, type AdminEnv, csrfField, currentAdmin, Flash, formValue, renderAdmin } from './shell.js';
import { SourceSelect } from '../../views/admin/source-select.js';

const STATUS_LABEL: Record<ArticleStatus, string> = { published: '已发布', hidden: '已隐藏', taken_down: '已下架（侵权）', held: '待审核', rejected: '审核未通过' };
const STATUSES = Object.keys(STATUS_LABEL) as ArticleStatus[];

/** Where to return after an action: a list or edit page of this screen, nothing else. */
function backTo(raw: string, fallback: string): string {
  return /^\/admin\/articles(\/\d+)?(\?[^\s"<>]*)?$/.test(raw) ? raw : fallback;
}

function withDone(path: string, done: string): string {
  const url = new URL(path, 'http://x');
  url.searchParams.set('done', done);
  return `${url.pathname}${url.search}`;
}

/** One POST button with the session's token. */
function ActionButton({ c, action, label, back, danger }: { c: Context<AdminEnv>; action: string; label: string; back: string; danger?: boolean }) {
  return (
    <form method="post" action={action} class="inline-form">
      {csrfField(c)}
      <input type="hidden" name="back" value={back} />
      <button type="submit" class={danger ? 'button small danger' : 'button small'}>
        {label}
      </button>
    </form>
  );
}

/** /admin/articles: search and filter, then hide, feature, recategorize, retitle or delete. */
export function articleAdminRoutes(deps: WebDeps): Hono<AdminEnv> {
  const { admin } = deps.services;
  const app = new Hono<AdminEnv>();
  app.use('*', adminGuard(deps));

  app.get('/', async (c) => {
    const q = (c.req.query('q') ?? '').trim().slice(0, 100);
    const statusRaw = c.req.query('status') ?? '';
    const status = STATUSES.includes(statusRaw as ArticleStatus) ? (statusRaw as ArticleStatus) : undefined;
    const sourceId = parseId(c.req.query('source'));
    const categoryRaw = c.req.query('category');
    const categoryId = categoryRaw === '0' ? 0 : parseId(categoryRaw);
    const page = parsePage(c.req.query('page'));
    const query: ArticleQuery = { q, status, sourceId, categoryId };
    const [result, { sources, categories }] = await Promise.all([admin.articles.search(query, page), admin.articles.filters()]);
    const params = { q, status, source: sourceId, category: categoryRaw === '0' ? '0' : categoryId };
    const here = withQuery('/admin/articles', { ...params, page: page > 1 ? page : undefined });
    const categoryName = new Map(categories.map((x) => [x.id, x.name]));
    return renderAdmin(
      c,
      deps,
      { title: '文章', section: 'articles' },
      <>
        <section class="panel">
          <h1 class="page-title">文章</h1>
          <Flash kind="ok" text={doneText(c.req.query('done'))} />
          <form method="get" action="/admin/articles" class="filter-form" role="search">
            <label>
              标题包含
              <input type="search" name="q" value={q} maxlength={100} />
            </label>
            <label>
              状态
              <select name="status">
                <option value="">全部</option>
                {STATUSES.map((s) => (
                  <option value={s} selected={status === s}>
                    {STATUS_LABEL[s]}
                  </option>
                ))}
              </select>
            </label>
            <label>
              来源
              <SourceSelect sources={sources} selected={sourceId} allLabel="全部" />
            </label>
            <label>
              分类
              <CategorySelect name="category" categories={categories} selected={categoryRaw === '0' ? 0 : categoryId} allowAll />
            </label>
            <button type="submit" class="button">
              筛选
            </button>
          </form>
          <p class="muted">{result.total === undefined ? `标题包含“${q}”的文章，最新收录的在前` : `共 ${result.total} 篇`}</p>
        </section>
        <section class="panel">
          <table class="admin-table">
            <thead>
              <tr>
                <th scope="col">标题</th>
                <th scope="col">来源</th>
                <th scope="col">分类</th>
                <th scope="col">状态</th>
                <th scope="col">阅读</th>
                <th scope="col">收录时间</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {result.rows.map((a) => (
                <tr>
                  <td data-label="标题">
                    <a href={`/admin/articles/${a.id}`}>{a.title}</a>
                    {a.featured ? <span class="tag">精选</span> : null}
                  </td>
                  <td data-label="来源">{a.source_name}</td>
                  <td data-label="分类">{a.category_id === null ? '—' : (categoryName.get(a.category_id) ?? '—')}</td>
                  <td data-label="状态">{STATUS_LABEL[a.status]}</td>
                  <td data-label="阅读" class="num">
                    {a.view_count}
                  </td>
                  <td data-label="收录时间">{formatDateTime(a.created_at)}</td>
                  <td data-label="操作" class="actions">
                    {a.status === 'published' ? <ActionButton c={c} action={`/admin/articles/${a.id}/hide`} label="隐藏" back={here} /> : null}
                    {a.status === 'hidden' ? <ActionButton c={c} action={`/admin/articles/${a.id}/unhide`} label="恢复" back={here} /> : null}
                    {a.featured ? (
                      <ActionButton c={c} action={`/admin/articles/${a.id}/unfeature`} label="取消精选" back={here} />
                    ) : (
                      <ActionButton c={c} action={`/admin/articles/${a.id}/feature`} label="精选" back={here} />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <nav class="pager" aria-label="分页">
            {page > 1 ? <a href={withQuery('/admin/articles', { ...params, page: page - 1 })}>上一页</a> : null}
            <span>
              第 {page}
              {result.total === undefined ? '' : ` / ${Math.max(1, Math.ceil(result.total / ADMIN_PAGE_SIZE))}`} 页
            </span>
            {result.hasNext ? <a href={withQuery('/admin/articles', { ...params, page: page + 1 })}>下一页</a> : null}
          </nav>
        </section>
      </>,
    );
  });

  app.get('/:id', async (c) => {
    const id = parseId(c.req.param('id'));
    if (id === undefined) throw new RedianError('NOT_FOUND', 'article');
    const [a, categories, audit] = await Promise.all([
      admin.articles.get(id),
      admin.articles.filters().then((f) => f.categories),
      deps.services.audit.list({ target: `article:${id}` }, 20, 0),
    ]);
    const here = `/admin/articles/${id}`;
    return renderAdmin(
      c,
      deps,
      { title: `编辑：${a.title}`, section: 'articles' },
      <>
        <section class="panel">
          <p class="muted">
            <a href="/admin/articles">← 文章列表</a>
          </p>
          <h1 class="page-title">{a.title}</h1>
          <Flash kind="ok" text={doneText(c.req.query('done'))} />
          <p class="muted">
            {STATUS_LABEL[a.status]}
            {a.featured ? ' · 精选' : ''} · 发布于 {formatDateTime(a.published_at)} ·{' '}
            <a href={a.url} rel="noopener noreferrer nofollow" target="_blank">
              原文
            </a>
            {a.status === 'published' ? (
              <>
                {' · '}
                <a href={`/a/${a.id}`}>站内页面</a>
              </>
            ) : null}
          </p>
          <div class="actions">
            {a.status === 'published' ? <ActionButton c={c} action={`${here}/hide`} label="隐藏" back={here} /> : null}
            {a.status === 'hidden' ? <ActionButton c={c} action={`${here}/unhide`} label="恢复显示" back={here} /> : null}
            {a.featured ? (
              <ActionButton c={c} action={`${here}/unfeature`} label="取消精选" back={here} />
            ) : (
              <ActionButton c={c} action={`${here}/feature`} label="设为精选" back={here} />
            )}
          </div>
        </section>
        <section class="panel">
          <h2 class="section-title">修改标题</h2>
          <form method="post" action={`${here}/title`} class="admin-form">
            {csrfField(c)}
            <input type="hidden" name="back" value={here} />
            <label>
              标题
              <input name="title" value={a.title} required maxlength={300} />
            </label>
            <button type="submit" class="button">
              保存标题
            </button>
          </form>
        </section>
        <section class="panel">
          <h2 class="section-title">分类</h2>
          <form method="post" action={`${here}/category`} class="admin-form">
            {csrfField(c)}
            <input type="hidden" name="back" value={here} />
            <label>
              分类
              <CategorySelect name="category" categories={categories} selected={a.category_id ?? 0} />
            </label>
            <button type="submit" class="button">
              保存分类
            </button>
          </form>
        </section>
        <section class="panel">
          <h2 class="section-title">删除</h2>
          <p class="muted">删除后文章从本站消失，其原文链接加入抓取黑名单，不会再被收录。</p>
          <form method="post" action={`${here}/delete`} class="admin-form">
            {csrfField(c)}
            <label class="check">
              <input type="checkbox" name="confirm" value="yes" required /> 确认删除这篇文章
            </label>
            <button type="submit" class="button danger">
              删除
            </button>
          </form>
        </section>
        <section class="panel">
          <h2 class="section-title">操作记录</h2>
          {audit.entries.length === 0 ? (
            <p class="muted">还没有操作记录。</p>
          ) : (
            <ul class="plain-list">
              {audit.entries.map((e) => (
                <li>
                  {formatDateTime(e.at)} · {e.actor} · {e.action}
                </li>
              ))}
            </ul>
          )}
        </section>
      </>,
    );
  });

  const post = (name: string, act: (id: number, c: Context<AdminEnv>, actor: string) => Promise<string>) =>
    app.post(`/:id/${name}`, async (c) => {
      const id = parseId(c.req.param('id'));
      if (id === undefined) throw new RedianError('NOT_FOUND', 'article');
      const back = backTo(await formValue(c, 'back'), `/admin/articles/${id}`);
      return runAction(c, deps, { section: 'articles', back }, async () => withDone(back, await act(id, c, currentAdmin(c).username)));
    });

  post('hide', async (id, _c, actor) => (await admin.articles.setHidden(id, true, actor), 'hidden'));
  post('unhide', async (id, _c, actor) => (await admin.articles.setHidden(id, false, actor), 'unhidden'));
  post('feature', async (id, _c, actor) => (await admin.articles.setFeatured(id, true, actor), 'featured'));
  post('unfeature', async (id, _c, actor) => (await admin.articles.setFeatured(id, false, actor), 'unfeatured'));
  post('title', async (id, c, actor) => (await admin.articles.setTitle(id, await formValue(c, 'title'), actor), 'saved'));
  post('category', async (id, c, actor) => {
    const raw = await formValue(c, 'category');
    const categoryId = raw === '0' || raw === '' ? null : parseId(raw);
    if (categoryId === undefined) throw new RedianError('CATEGORY_UNKNOWN', raw);
    if (categoryId !== null && !(await admin.articles.filters().then((f) => f.categories)).some((x) => x.id === categoryId)) {
      throw new RedianError('CATEGORY_UNKNOWN', `#${categoryId}`);
    }
    await admin.articles.setCategory(id, categoryId, actor);
    return 'saved';
  });
  app.post('/:id/delete', async (c) => {
    const id = parseId(c.req.param('id'));
    if (id === undefined) throw new RedianError('NOT_FOUND', 'article');
    return runAction(c, deps, { section: 'articles', back: `/admin/articles/${id}` }, async () => {
      if ((await formValue(c, 'confirm')) !== 'yes') throw new RedianError('EDIT_INVALID', '请勾选“确认删除”');
      await admin.articles.delete(id, currentAdmin(c).username);
      return '/admin/articles?done=deleted';
    });
  });
  return app;
}

function CategorySelect({ name, categories, selected, allowAll }: { name: string; categories: Category[]; selected: number | undefined; allowAll?: boolean }) {
  return (
    <select name={name}>
      {allowAll ? <option value="">全部</option> : null}
      <option value="0" selected={selected === 0}>
        未分类
      </option>
      {categories.map((x) => (
        <option value={String(x.id)} selected={selected === x.id}>
          {x.name}
        </option>
      ))}
    </select>
  );
}
