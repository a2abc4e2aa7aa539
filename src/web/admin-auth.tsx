import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { getCookie } from 'hono/cookie';
import { type Admin, roleAllows, type Session, tokensMatch } from '../admin/accounts.js';
import type { AdminRole } from '../store/schema.js';
import type { WebDeps } from './context.js';
import { AdminLayout, AdminMessage } from './views/admin/layout.js';

/** The session cookie: a random token; the database keeps only its hash. */
export const SESSION_COOKIE = 'redian_admin';
/** Name of the hidden field (or X-CSRF-Token header) every console POST carries. */
export const CSRF_FIELD = '_csrf';

/** Console forms are text; the largest (settings) is a few kilobytes. */
const FORM_MAX_BYTES = 256 * 1024;

/** What console routes find on the context once `adminGuard` let the request through. */
export type AdminEnv = { Variables: { session: Session } };

export function sessionCookieOptions(deps: WebDeps, maxAgeSeconds?: number) {
  return {
    path: '/admin',
    httpOnly: true,
    sameSite: 'Lax' as const,
    secure: deps.siteUrl.startsWith('https:'),
    ...(maxAgeSeconds === undefined ? {} : { maxAge: maxAgeSeconds }),
  };
}

/** Console responses are private and never cached or indexed. */
export function privateHeaders(c: Context): void {
  c.header('Cache-Control', 'no-store');
  c.header('X-Robots-Tag', 'noindex, nofollow');
}

/** A screen that takes uploads: its own body limit, and its own page for a body over it. */
export interface UploadLimit {
  maxBytes: number;
  tooLarge(c: Context<AdminEnv>): Response | Promise<Response>;
}

/**
 * Guards a console route: a live session (else to the login page, or 403 for a POST), the
 * role (editor admits editors and admins; admin only admins), and on every POST a body
 * within the limit (256 KB, or the screen's `upload` limit; counted while reading when no
 * Content-Length is sent) and a CSRF token matching the session's plus an Origin (when the
 * browser sends one) of this site.
 */
export function adminGuard(deps: WebDeps, role: AdminRole = 'editor', upload?: UploadLimit): MiddlewareHandler<AdminEnv> {
  const limit = bodyLimit({ maxSize: upload?.maxBytes ?? FORM_MAX_BYTES, onError: (c) => (upload ? upload.tooLarge(c) : c.text('form too large', 413)) });
  return async (c, next) => {
    privateHeaders(c);
    const session = await deps.services.admin.accounts.session(getCookie(c, SESSION_COOKIE));
    const unsafe = !['GET', 'HEAD'].includes(c.req.method);
    if (!session) {
      if (!unsafe) return c.redirect(`/admin/login?next=${encodeURIComponent(c.req.path)}`, 303);
      return forbidden(c, deps, '登录已失效', '请重新登录后再提交。', undefined);
    }
    c.set('session', session);
    let refused: Response | undefined;
    const checked = async () => {
      if (unsafe && !(await csrfValid(c, deps, session.csrfToken))) {
        refused = await forbidden(c, deps, '请求被拒绝', '表单已过期或来源不明（CSRF 校验失败）。请返回刷新页面后重试。', session);
      } else if (!roleAllows(session.admin.role, role)) {
        refused = await forbidden(c, deps, '没有权限', '此页面仅限管理员使用。', session);
      } else await next();
    };
    // A screen's router sits under the dashboard's, so two guards may see one request: the
    // first one read the body within its limit, and the cached form is what the second checks.
    const tooLarge = unsafe && !c.req.raw.bodyUsed ? await limit(c, checked) : await checked();
    return tooLarge ?? refused;
  };
}

/** A stricter role for some routes of a guarded router. */
export function requireRole(deps: WebDeps, role: AdminRole): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    const session = c.get('session');
    if (!roleAllows(session.admin.role, role)) return forbidden(c, deps, '没有权限', '此页面仅限管理员使用。', session);
    await next();
  };
}

/** Who is signed in (inside a guarded route). */
export function currentAdmin(c: Context<AdminEnv>): Admin {
  return c.get('session').admin;
}

/** The hidden field every console form must carry. */
export function csrfField(c: Context<AdminEnv>) {
  return <input type="hidden" name={CSRF_FIELD} value={c.get('session').csrfToken} />;
}

/** A form field of the request body; '' when absent. Bodies are parsed once and cached by Hono. */
export async function formValue(c: Context, name: string): Promise<string> {
  const body = await c.req.parseBody();
  const v = body[name];
  return typeof v === 'string' ? v : '';
}

/**
 * Same origin: browsers send Origin on a POST (and Sec-Fetch-Site); a form posted from
 * another site is refused whatever the token says. Both are compared with this site's
 * public URL and with the host the request came to.
 */
export function sameOrigin(c: Context, deps: WebDeps): boolean {
  if (c.req.header('Sec-Fetch-Site') === 'cross-site') return false;
  const origin = c.req.header('Origin');
  if (!origin) return true;
  return origin === new URL(deps.siteUrl).origin || origin === new URL(c.req.url).origin;
}

async function csrfValid(c: Context, deps: WebDeps, expected: string): Promise<boolean> {
  if (!sameOrigin(c, deps)) return false;
  const given = c.req.header('X-CSRF-Token') ?? (await formValue(c, CSRF_FIELD).catch(() => ''));
  return tokensMatch(expected, given);
}

/**
 * The client's address for the login throttle: the connection's peer; behind a reverse
 * proxy on the same machine (a loopback peer), the address it says it forwarded (X-Real-IP,
 * else the last X-Forwarded-For hop), or every login would share the proxy's one bucket.
 * Other peers cannot claim an address. (Same rule as the search rate limit.)
 */
export function clientIp(c: Context): string {
  let peer = 'unknown';
  try {
    peer = getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // app.request() in tests has no socket unless one is passed in the env.
  }
  if (!/^(127\.|::1$|::ffff:127\.)/.test(peer)) return peer;
  const forwarded = c.req.header('x-real-ip') ?? c.req.header('x-forwarded-for')?.split(',').at(-1);
  return forwarded?.trim().slice(0, 64) || peer;
}

async function forbidden(c: Context, deps: WebDeps, title: string, message: string, session: Session | undefined) {
  const settings = await deps.services.settings.current();
  const back = session ? { href: '/admin', label: '返回仪表盘' } : { href: '/admin/login', label: '登录' };
  const html = (
    <AdminLayout
      frame={{ siteName: settings.site_name, assets: deps.assets, title, user: session?.admin, csrfToken: session?.csrfToken }}
    >
      <AdminMessage title={title} message={message} back={back} />
    </AdminLayout>
  );
  return c.html(`<!doctype html>${html}`, 403);
}
