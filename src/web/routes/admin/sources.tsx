import { Hono } from 'hono';
import type { Context } from 'hono';
import { RedianError } from '../../../errors.js';
import type { SourceForm } from '../../../admin/sources.js';
import type { SourceWithCount } from '../../../store/repos/index.js';
import type { Category } from '../../../store/schema.js';
import type { WebDeps } from '../../context.js';
import { parseId } from '../../params.js';
import { formatDateTime } from '../../views/format.js';
import { doneText, runAction } from './actions.js';
import { adminGuard, type AdminEnv, csrfField, currentAdmin, Flash, formValue, renderAdmin } from './shell.js';

function state(s: SourceWithCount): string {
  if (!s.enabled) return '已停用';
  return s.error_count ? `失败 ×${s.error_count}` : '正常';
}

const formOf = (s: SourceWithCount): SourceForm => ({
  name: s.name,
  categoryId: s.category_id === null ? '' : String(s.category_id),
  policy: s.policy,
  intervalMinutes: String(s.fetch_interval_minutes),
  selector: s.content_selector ?? '',
  respectRobots: s.respect_robots === 1,
  requiresReview: s.requires_review === 1,
});

async function readForm(c: Context): Promise<SourceForm> {
  return {
    name: await formValue(c, 'name'),
    categoryId: await formValue(c, 'category'),
    policy: await formValue(c, 'policy'),
    intervalMinutes: await formValue(c, 'interval'),
    selector: await formValue(c, 'selector'),
    respectRobots: (await formValue(c, 'robots')) === '1',
    requiresReview: (await formValue(c, 'review')) === '1',
  };
}

function CategoryOptions({ categories, selected }: { categories: Category[]; selected: string }) {
  return (
    <>
      <option value="" selected={selected === ''}>
        未分类（按订阅源自带分类）
      </option>
      {categories.map((x) => (
        <option value={String(x.id)} selected={selected === String(x.id)}>
          {x.name}
        </option>
      ))}
    </>
  );
}

/** /admin/sources: the media collected from, their health, and adding, editing and fetching them. */
export function sourceRoutes(deps: WebDeps): Hono<AdminEnv> {
  const { admin } = deps.services;
  const app = new Hono<AdminEnv>();
  app.use('*', adminGuard(deps));

  const listPage = async (c: Context<AdminEnv>, add: { url: string; name: string; category: string; policy: string; review: boolean; error?: string }, status: 200 | 400 | 409 | 422 | 502 | 504 = 200) => {
    const [sources, categories] = await Promise.all([admin.sources.list(), admin.categories.list()]);
    return renderAdmin(
      c,
      deps,
      { title: '来源', section: 'sources' },
      <>
        <section class="panel">
          <h1 class="page-title">来源</h1>
          <Flash kind="ok" text={doneText(c.req.query('done'))} />
          <table class="admin-table">
            <thead>
              <tr>
                <th scope="col">名称</th>
                <th scope="col">状态</th>
                <th scope="col">文章</th>
                <th scope="col">上次抓取</th>
                <th scope="col">最近错误</th>
              </tr>
            </thead>
            <tbody>
              {sources.map((s) => (
                <tr>
                  <td data-label="名称">
                    <a href={`/admin/sources/${s.id}`}>{s.name}</a>
                    {s.is_demo ? <span class="tag">示例</span> : null}
                  </td>
                  <td data-label="状态" class={s.error_count && s.enabled ? 'error-text' : undefined}>
                    {state(s)}
                  </td>
                  <td data-label="文章" class="num">
                    {s.article_count}
                  </td>
                  <td data-label="上次抓取">{s.last_fetched_at ? formatDateTime(s.last_fetched_at) : '从未'}</td>
                  <td data-label="最近错误" class="error-text">
                    {s.last_error ?? ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section class="panel" id="add">
          <h2 class="section-title">添加来源</h2>
          <p class="muted">填订阅源（RSS、Atom、JSON Feed）的网址，或网站首页的网址：页面声明的订阅源会被自动找到。</p>
          <Flash kind="error" text={add.error} />
          <form method="post" action="/admin/sources" class="admin-form">
            {csrfField(c)}
            <label>
              网址
              <input name="url" type="url" required maxlength={2000} value={add.url} placeholder="https://news.example.com/" />
            </label>
            <label>
              名称（留空则用订阅源标题）
              <input name="name" maxlength={200} value={add.name} />
            </label>
            <label>
              分类
              <select name="category">
                <CategoryOptions categories={categories} selected={add.category} />
              </select>
            </label>
            <label>
              收录方式
              <select name="policy">
                <option value="full" selected={add.policy !== 'excerpt'}>
                  全文
                </option>
                <option value="excerpt" selected={add.policy === 'excerpt'}>
                  摘要加原文链接
                </option>
              </select>
            </label>
            <label class="check">
              <input type="checkbox" name="review" value="1" checked={add.review} /> 需要审核（新文章先进入审核队列）
            </label>
            <button type="submit" class="button">
              查找并添加
            </button>
          </form>
        </section>
      </>,
      status,
    );
  };

  app.get('/', (c) => listPage(c, { url: '', name: '', category: '', policy: 'full', review: false }));

  app.post('/', async (c) => {
    const add = {
      url: await formValue(c, 'url'),
      name: await formValue(c, 'name'),
      category: await formValue(c, 'category'),
      policy: await formValue(c, 'policy'),
      review: (await formValue(c, 'review')) === '1',
    };
    try {
      const source = await admin.sources.add({ url: add.url, name: add.name, categoryId: add.category, policy: add.policy, requiresReview: add.review }, currentAdmin(c).username);
      return c.redirect(`/admin/sources/${source.id}?done=added`, 303);
    } catch (err) {
      // Discovery fails on bad URLs and unreachable sites: the editor sees why, with what they typed.
      if (!(err instanceof RedianError) || err.status >= 500 && ![502, 504].includes(err.status)) throw err;
      return listPage(c, { ...add, error: err.message }, err.status as 400);
    }
  });

  const editPage = async (c: Context<AdminEnv>, id: number, form?: SourceForm, error?: string) => {
    const [s, categories] = await Promise.all([admin.sources.get(id), admin.categories.list()]);
    const f = form ?? formOf(s);
    const here = `/admin/sources/${id}`;
    return renderAdmin(
      c,
      deps,
      { title: s.name, section: 'sources' },
      <>
        <section class="panel">
          <p class="muted">
            <a href="/admin/sources">← 来源列表</a>
          </p>
          <h1 class="page-title">{s.name}</h1>
          <Flash kind="ok" text={doneText(c.req.query('done'))} />
          <dl class="facts">
            <dt>状态</dt>
            <dd>{state(s)}</dd>
            <dt>订阅源</dt>
            <dd class="break">{s.feed_url ?? '—'}</dd>
            <dt>文章数</dt>
            <dd>{s.article_count}</dd>
            <dt>上次抓取</dt>
            <dd>{s.last_fetched_at ? formatDateTime(s.last_fetched_at) : '从未'}</dd>
            <dt>上次成功</dt>
            <dd>{s.last_success_at ? formatDateTime(s.last_success_at) : '从未'}</dd>
            <dt>下次抓取</dt>
            <dd>{s.enabled ? formatDateTime(s.next_fetch_at) : '已停用'}</dd>
            <dt>最近错误</dt>
            <dd class="error-text break" data-testid="last-error">
              {s.last_error ?? '无'}
            </dd>
          </dl>
          <div class="actions">
            {s.enabled ? (
              <form method="post" action={`${here}/fetch`} class="inline-form">
                {csrfField(c)}
                <button type="submit" class="button small">
                  立即抓取
                </button>
              </form>
            ) : null}
            <form method="post" action={`${here}/${s.enabled ? 'disable' : 'enable'}`} class="inline-form">
              {csrfField(c)}
              <button type="submit" class={s.enabled ? 'button small danger' : 'button small'}>
                {s.enabled ? '停用' : '启用'}
              </button>
            </form>
            <a class="button small" href={`/admin/articles?source=${s.id}`}>
              查看文章
            </a>
          </div>
        </section>
        <section class="panel">
          <h2 class="section-title">编辑</h2>
          <Flash kind="error" text={error} />
          <form method="post" action={here} class="admin-form">
            {csrfField(c)}
            <label>
              名称
              <input name="name" required maxlength={200} value={f.name} />
            </label>
            <label>
              分类
              <select name="category">
                <CategoryOptions categories={categories} selected={f.categoryId} />
              </select>
            </label>
            <label>
              收录方式
              <select name="policy">
                <option value="full" selected={f.policy === 'full'}>
                  全文
                </option>
                <option value="excerpt" selected={f.policy === 'excerpt'}>
                  摘要加原文链接
                </option>
              </select>
            </label>
            <label>
              抓取间隔（分钟，5–1440）
              <input name="interval" type="number" min={5} max={1440} required value={f.intervalMinutes} />
            </label>
            <label>
              正文选择器（CSS，可留空）
              <input name="selector" maxlength={500} value={f.selector} />
            </label>
            <label class="check">
              <input type="checkbox" name="robots" value="1" checked={f.respectRobots} /> 遵守 robots.txt
            </label>
            <label class="check">
              <input type="checkbox" name="review" value="1" checked={f.requiresReview} /> 需要审核（新文章先进入审核队列，通过后才发布）
            </label>
            <button type="submit" class="button">
              保存
            </button>
          </form>
        </section>
      </>,
      error ? 400 : 200,
    );
  };

  const idOf = (c: Context) => {
    const id = parseId(c.req.param('id'));
    if (id === undefined) throw new RedianError('NOT_FOUND', 'source');
    return id;
  };

  app.get('/:id', (c) => editPage(c, idOf(c)));

  app.post('/:id', async (c) => {
    const id = idOf(c);
    const form = await readForm(c);
    try {
      await admin.sources.update(id, form, currentAdmin(c).username);
    } catch (err) {
      if (err instanceof RedianError && err.status === 400) return editPage(c, id, form, err.message);
      throw err;
    }
    return c.redirect(`/admin/sources/${id}?done=saved`, 303);
  });

  for (const [name, enabled] of [['enable', true], ['disable', false]] as const) {
    app.post(`/:id/${name}`, (c) => {
      const id = idOf(c);
      return runAction(c, deps, { section: 'sources', back: `/admin/sources/${id}` }, async () => {
        await admin.sources.setEnabled(id, enabled, currentAdmin(c).username);
        return `/admin/sources/${id}?done=${enabled ? 'enabled' : 'disabled'}`;
      });
    });
  }

  app.post('/:id/fetch', (c) => {
    const id = idOf(c);
    return runAction(c, deps, { section: 'sources', back: `/admin/sources/${id}` }, async () => {
      await admin.sources.fetchNow(id, currentAdmin(c).username);
      return `/admin/sources/${id}?done=fetched`;
    });
  });
  return app;
}
