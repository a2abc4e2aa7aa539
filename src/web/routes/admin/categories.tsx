import { Hono } from 'hono';
import type { Context } from 'hono';
import { RedianError } from '../../../errors.js';
import type { WebDeps } from '../../context.js';
import { parseId } from '../../params.js';
import { doneText, runAction } from './actions.js';
import { adminGuard, type AdminEnv, csrfField, currentAdmin, Flash, formValue, renderAdmin } from './shell.js';

/** /admin/categories: the tabs readers see, in order. */
export function categoryRoutes(deps: WebDeps): Hono<AdminEnv> {
  const { admin } = deps.services;
  const app = new Hono<AdminEnv>();
  app.use('*', adminGuard(deps));

  app.get('/', async (c) => {
    const list = await admin.categories.list();
    return renderAdmin(
      c,
      deps,
      { title: '分类', section: 'categories' },
      <>
        <section class="panel">
          <h1 class="page-title">分类</h1>
          <Flash kind="ok" text={doneText(c.req.query('done'))} />
          <p class="muted">按此顺序显示为网站顶部的分类标签。只有没有文章和来源的分类可以删除。</p>
          <table class="admin-table">
            <thead>
              <tr>
                <th scope="col">名称</th>
                <th scope="col">标识</th>
                <th scope="col">文章</th>
                <th scope="col">来源</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {list.map((x, i) => (
                <tr>
                  <td data-label="名称">
                    <form method="post" action={`/admin/categories/${x.id}/rename`} class="inline-form">
                      {csrfField(c)}
                      <input name="name" value={x.name} required maxlength={20} aria-label={`${x.name} 的新名称`} size={8} />
                      <button type="submit" class="button small">
                        改名
                      </button>
                    </form>
                  </td>
                  <td data-label="标识">
                    <a href={`/c/${x.slug}`}>{x.slug}</a>
                  </td>
                  <td data-label="文章" class="num">
                    {x.article_count}
                  </td>
                  <td data-label="来源" class="num">
                    {x.source_count}
                  </td>
                  <td data-label="操作" class="actions">
                    {i > 0 ? <Post c={c} action={`/admin/categories/${x.id}/up`} label="上移" /> : null}
                    {i < list.length - 1 ? <Post c={c} action={`/admin/categories/${x.id}/down`} label="下移" /> : null}
                    {x.article_count === 0 && x.source_count === 0 ? <Post c={c} action={`/admin/categories/${x.id}/delete`} label="删除" danger /> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section class="panel">
          <h2 class="section-title">添加分类</h2>
          <form method="post" action="/admin/categories" class="admin-form">
            {csrfField(c)}
            <label>
              名称
              <input name="name" required maxlength={20} placeholder="科技" />
            </label>
            <label>
              标识（网址 /c/标识，小写字母、数字、-）
              <input name="slug" required maxlength={63} pattern="[a-z0-9][a-z0-9\-]*" placeholder="tech" />
            </label>
            <button type="submit" class="button">
              添加
            </button>
          </form>
        </section>
      </>,
    );
  });

  const back = { section: 'categories', back: '/admin/categories' };
  app.post('/', (c) =>
    runAction(c, deps, back, async () => {
      await admin.categories.add({ slug: await formValue(c, 'slug'), name: await formValue(c, 'name') }, currentAdmin(c).username);
      return '/admin/categories?done=added';
    }),
  );
  const idOf = (c: Context) => {
    const id = parseId(c.req.param('id'));
    if (id === undefined) throw new RedianError('NOT_FOUND', 'category');
    return id;
  };
  app.post('/:id/rename', (c) =>
    runAction(c, deps, back, async () => {
      await admin.categories.rename(idOf(c), await formValue(c, 'name'), currentAdmin(c).username);
      return '/admin/categories?done=saved';
    }),
  );
  for (const dir of ['up', 'down'] as const) {
    app.post(`/:id/${dir}`, (c) =>
      runAction(c, deps, back, async () => {
        await admin.categories.move(idOf(c), dir, currentAdmin(c).username);
        return '/admin/categories?done=moved';
      }),
    );
  }
  app.post('/:id/delete', (c) =>
    runAction(c, deps, back, async () => {
      await admin.categories.delete(idOf(c), currentAdmin(c).username);
      return '/admin/categories?done=deleted';
    }),
  );
  return app;
}

function Post({ c, action, label, danger }: { c: Context<AdminEnv>; action: string; label: string; danger?: boolean }) {
  return (
    <form method="post" action={action} class="inline-form">
      {csrfField(c)}
      <button type="submit" class={danger ? 'button small danger' : 'button small'}>
        {label}
      </button>
    </form>
  );
}
