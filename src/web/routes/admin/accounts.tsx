import { Hono } from 'hono';
import type { Context } from 'hono';
import { ROLES } from '../../../admin/accounts.js';
import { RedianError } from '../../../errors.js';
import type { WebDeps } from '../../context.js';
import { formatDateTime } from '../../views/format.js';
import { doneText, runAction } from './actions.js';
import { adminGuard, type AdminEnv, csrfField, currentAdmin, Flash, formValue, renderAdmin } from './shell.js';

const ROLE_LABEL = { admin: '管理员', editor: '编辑' } as const;

/** /admin/accounts (admins only): who may sign in, with which role. */
export function accountRoutes(deps: WebDeps): Hono<AdminEnv> {
  const { accounts } = deps.services.admin;
  const app = new Hono<AdminEnv>();
  app.use('*', adminGuard(deps, 'admin'));

  app.get('/', async (c) => {
    const users = await accounts.list();
    const me = currentAdmin(c).username;
    return renderAdmin(
      c,
      deps,
      { title: '账号', section: 'accounts' },
      <>
        <section class="panel">
          <h1 class="page-title">账号</h1>
          <Flash kind="ok" text={doneText(c.req.query('done'))} />
          <table class="admin-table">
            <thead>
              <tr>
                <th scope="col">用户名</th>
                <th scope="col">角色</th>
                <th scope="col">状态</th>
                <th scope="col">上次登录</th>
                <th scope="col">操作</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr>
                  <td data-label="用户名">{u.username}</td>
                  <td data-label="角色">{ROLE_LABEL[u.role]}</td>
                  <td data-label="状态">{u.disabled ? '已停用' : '正常'}</td>
                  <td data-label="上次登录">{u.last_login_at ? formatDateTime(u.last_login_at) : '从未'}</td>
                  <td data-label="操作" class="actions">
                    {u.username === me ? (
                      <span class="muted">当前账号</span>
                    ) : (
                      <>
                        <form method="post" action={`/admin/accounts/${encodeURIComponent(u.username)}/${u.disabled ? 'enable' : 'disable'}`} class="inline-form">
                          {csrfField(c)}
                          <button type="submit" class={u.disabled ? 'button small' : 'button small danger'}>
                            {u.disabled ? '启用' : '停用'}
                          </button>
                        </form>
                        <form method="post" action={`/admin/accounts/${encodeURIComponent(u.username)}/password`} class="inline-form">
                          {csrfField(c)}
                          <input type="password" name="password" required minlength={10} maxlength={200} autocomplete="new-password" aria-label={`${u.username} 的新密码`} placeholder="新密码" size={10} />
                          <button type="submit" class="button small">
                            重设密码
                          </button>
                        </form>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section class="panel">
          <h2 class="section-title">新建账号</h2>
          <form method="post" action="/admin/accounts" class="admin-form">
            {csrfField(c)}
            <label>
              用户名
              <input name="username" required maxlength={32} autocomplete="off" />
            </label>
            <label>
              角色
              <select name="role">
                {ROLES.map((r) => (
                  <option value={r} selected={r === 'editor'}>
                    {ROLE_LABEL[r]}
                  </option>
                ))}
              </select>
            </label>
            <label>
              初始密码（至少 10 个字符）
              <input name="password" type="password" required minlength={10} maxlength={200} autocomplete="new-password" />
            </label>
            <button type="submit" class="button">
              创建
            </button>
          </form>
        </section>
      </>,
    );
  });

  const back = { section: 'accounts', back: '/admin/accounts' };
  app.post('/', (c) =>
    runAction(c, deps, back, async () => {
      const input = { username: await formValue(c, 'username'), role: await formValue(c, 'role'), password: await formValue(c, 'password') };
      await accounts.create(input, currentAdmin(c).username);
      return '/admin/accounts?done=added';
    }),
  );
  const target = (c: Context<AdminEnv>) => {
    const username = c.req.param('username') ?? '';
    // Locking oneself out from the console is done with the CLI, on purpose.
    if (username === currentAdmin(c).username) throw new RedianError('EDIT_INVALID', '不能在控制台停用或重设当前登录的账号');
    return username;
  };
  for (const [name, disabled] of [['disable', true], ['enable', false]] as const) {
    app.post(`/:username/${name}`, (c) =>
      runAction(c, deps, back, async () => {
        await accounts.setDisabled(target(c), disabled, currentAdmin(c).username);
        return `/admin/accounts?done=${disabled ? 'disabled' : 'enabled'}`;
      }),
    );
  }
  app.post('/:username/password', (c) =>
    runAction(c, deps, back, async () => {
      await accounts.setPassword(target(c), await formValue(c, 'password'), currentAdmin(c).username);
      return '/admin/accounts?done=saved';
    }),
  );
  return app;
}
