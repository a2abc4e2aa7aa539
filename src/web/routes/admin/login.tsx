import { randomBytes } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { tokensMatch } from '../../../admin/accounts.js';
import { formatDateTime } from '../../views/format.js';
import { AdminLayout } from '../../views/admin/layout.js';
import { LoginForm } from '../../views/admin/login.js';
import { adminGuard, type AdminEnv, clientIp, formValue, privateHeaders, sameOrigin, SESSION_COOKIE, sessionCookieOptions } from '../../admin-auth.js';
import type { WebDeps } from '../../context.js';

/** Before login there is no session to tie a token to: the form's token is also in a cookie (double submit). */
const LOGIN_CSRF_COOKIE = 'redian_login_csrf';

/** Where to go after login: a console path, nothing else. */
function nextPath(raw: string | undefined): string {
  return raw && /^\/admin(\/[\w\-/]*)?(\?[\w=&%.-]*)?$/.test(raw) && !raw.startsWith('/admin/login') ? raw : '/admin';
}

/** GET and POST /admin/login, POST /admin/logout. */
export function loginRoutes(deps: WebDeps): Hono {
  const app = new Hono();
  const secure = deps.siteUrl.startsWith('https:');

  const page = async (c: Context, status: ContentfulStatusCode, props: { next: string; username?: string; error?: string }) => {
    privateHeaders(c);
    let csrf = getCookie(c, LOGIN_CSRF_COOKIE);
    if (!csrf || !/^[\w-]{43}$/.test(csrf)) {
      csrf = randomBytes(32).toString('base64url');
      setCookie(c, LOGIN_CSRF_COOKIE, csrf, { path: '/admin/login', httpOnly: true, sameSite: 'Strict', secure, maxAge: 3600 });
    }
    const settings = await deps.services.settings.current();
    const html = (
      <AdminLayout frame={{ siteName: settings.site_name, assets: deps.assets, title: '登录' }}>
        <LoginForm csrf={csrf} {...props} />
      </AdminLayout>
    );
    return c.html(`<!doctype html>${html}`, status);
  };

  app.get('/admin/login', (c) => page(c, 200, { next: nextPath(c.req.query('next')) }));

  // Anyone may post here, before any check: a login form is a few hundred bytes.
  const limit = bodyLimit({ maxSize: 8 * 1024, onError: (c) => c.text('form too large', 413) });
  app.post('/admin/login', limit, async (c) => {
    const csrf = await formValue(c, '_csrf');
    const username = await formValue(c, 'username');
    const password = await formValue(c, 'password');
    const next = await formValue(c, 'next');
    const expected = getCookie(c, LOGIN_CSRF_COOKIE);
    if (!sameOrigin(c, deps) || !expected || !tokensMatch(expected, csrf)) {
      return page(c, 403, { next: nextPath(next), username, error: '登录表单已过期或来源不明，请重新提交。' });
    }
    const result = await deps.services.admin.accounts.login(username, password, clientIp(c));
    if (!result.ok && result.reason === 'locked') {
      const minutes = Math.max(1, Math.ceil((result.until - Date.now()) / 60_000));
      c.header('Retry-After', String(minutes * 60));
      return page(c, 429, {
        next: nextPath(next),
        username,
        error: `登录失败次数过多，已暂时锁定。请在 ${formatDateTime(result.until)}（北京时间，约 ${minutes} 分钟后）再试。`,
      });
    }
    if (!result.ok) return page(c, 401, { next: nextPath(next), username, error: '用户名或密码错误。' });
    deleteCookie(c, LOGIN_CSRF_COOKIE, { path: '/admin/login', secure });
    setCookie(c, SESSION_COOKIE, result.token, sessionCookieOptions(deps, Math.floor((result.expiresAt - Date.now()) / 1000)));
    privateHeaders(c);
    return c.redirect(nextPath(next), 303);
  });

  const logout = new Hono<AdminEnv>();
  logout.use('*', adminGuard(deps));
  logout.post('/', async (c) => {
    await deps.services.admin.accounts.logout(getCookie(c, SESSION_COOKIE));
    deleteCookie(c, SESSION_COOKIE, sessionCookieOptions(deps));
    return c.redirect('/admin/login', 303);
  });
  app.route('/admin/logout', logout);
  return app;
}
