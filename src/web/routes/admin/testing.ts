import { parseHTML } from 'linkedom';
import type { AdminRole } from '../../../store/schema.js';
import type { TestSite } from '../../testing.js';

export const TEST_PASSWORD = 'correct horse battery';

/** An env that makes the app see the request as coming from this address. */
export const fromIp = (ip: string) => ({ incoming: { socket: { remoteAddress: ip } } });

/** Cookies a response sets, as name → value (deleted ones have an empty value). */
export function setCookies(res: Response): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(';');
    const at = pair!.indexOf('=');
    out.set(pair!.slice(0, at), pair!.slice(at + 1));
  }
  return out;
}

/** GET /admin/login: the double-submit cookie and the same token in the form. */
export async function loginForm(site: TestSite, ip = '192.0.2.1'): Promise<{ cookie: string; csrf: string }> {
  const res = await site.app.request('/admin/login', {}, fromIp(ip));
  const { document } = parseHTML(await res.text());
  const csrf = document.querySelector('input[name="_csrf"]')?.getAttribute('value') ?? '';
  return { cookie: `redian_login_csrf=${setCookies(res).get('redian_login_csrf')}`, csrf };
}

/** POSTs the login form as a browser on this site would. */
export async function postLogin(site: TestSite, username: string, password: string, ip = '192.0.2.1'): Promise<Response> {
  const form = await loginForm(site, ip);
  return site.app.request(
    '/admin/login',
    {
      method: 'POST',
      headers: { Cookie: form.cookie, Origin: 'https://news.test', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: form.csrf, username, password, next: '/admin' }),
    },
    fromIp(ip),
  );
}

/** A signed-in console user: requests carry the session cookie; `post` adds the CSRF token. */
export interface AdminClient {
  username: string;
  cookie: string;
  csrf: string;
  get(path: string): Promise<Response>;
  post(path: string, fields?: Record<string, string>, options?: { csrf?: string | null; origin?: string }): Promise<Response>;
  page(path: string): Promise<{ res: Response; html: string; document: Document }>;
}

/** Creates an account (if needed), signs in, and reads the session's CSRF token from a page. */
export async function signIn(site: TestSite, role: AdminRole, username: string = role): Promise<AdminClient> {
  const existing = (await site.services.admin.accounts.list()).some((u) => u.username === username);
  if (!existing) await site.services.admin.accounts.create({ username, password: TEST_PASSWORD, role }, 'test');
  const res = await postLogin(site, username, TEST_PASSWORD);
  if (res.status !== 303) throw new Error(`login of ${username} answered ${res.status}`);
  const cookie = `redian_admin=${setCookies(res).get('redian_admin')}`;
  const get = async (path: string) => site.app.request(path, { headers: { Cookie: cookie } });
  const first = parseHTML(await (await get('/admin')).text()).document;
  const csrf = first.querySelector('input[name="_csrf"]')?.getAttribute('value') ?? '';
  return {
    username,
    cookie,
    csrf,
    get,
    async post(path, fields = {}, options = {}) {
      const body = new URLSearchParams(fields);
      const token = options.csrf === undefined ? csrf : options.csrf;
      if (token !== null) body.set('_csrf', token);
      return site.app.request(path, {
        method: 'POST',
        headers: { Cookie: cookie, Origin: options.origin ?? 'https://news.test', 'Content-Type': 'application/x-www-form-urlencoded' },
        body,
      });
    },
    async page(path) {
      const res = await get(path);
      const html = await res.text();
      return { res, html, document: parseHTML(html).document as unknown as Document };
    },
  };
}
