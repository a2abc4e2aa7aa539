import { Flash } from './layout.js';

export function LoginForm({ csrf, next, username, error }: { csrf: string; next: string; username?: string; error?: string }) {
  return (
    <section class="panel admin-login">
      <h1 class="page-title">登录管理后台</h1>
      <Flash kind="error" text={error} />
      <form method="post" action="/admin/login" class="admin-form">
        <input type="hidden" name="_csrf" value={csrf} />
        <input type="hidden" name="next" value={next} />
        <label>
          用户名
          <input name="username" autocomplete="username" required maxlength={64} value={username ?? ''} autofocus />
        </label>
        <label>
          密码
          <input name="password" type="password" autocomplete="current-password" required maxlength={200} />
        </label>
        <button type="submit" class="button">
          登录
        </button>
      </form>
    </section>
  );
}
