import { parseHTML } from 'linkedom';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestSite, textOf, type TestSite } from '../../testing.js';
import { fromIp, loginForm, postLogin, setCookies, signIn, TEST_PASSWORD } from './testing.js';

let site: TestSite;
beforeEach(async () => {
  site = await createTestSite({ demo: false });
  await site.services.admin.accounts.create({ username: 'Alice', password: TEST_PASSWORD, role: 'admin' }, 'test');
});
afterEach(() => site.close());

const errorText = async (res: Response) => textOf(parseHTML(await res.text()).document.querySelector('.flash-error'));

describe('admin login', () => {
  it('signs in with the right password: a new HttpOnly, SameSite=Lax, Secure session cookie scoped to /admin', async () => {
    const res = await postLogin(site, 'alice', TEST_PASSWORD);
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/admin');
    const line = res.headers.getSetCookie().find((l) => l.startsWith('redian_admin='))!;
    expect(line).toMatch(/HttpOnly/);
    expect(line).toMatch(/SameSite=Lax/);
    expect(line).toMatch(/Secure/);
    expect(line).toMatch(/Path=\/admin/);
    const token = setCookies(res).get('redian_admin')!;
    expect(token.length).toBeGreaterThanOrEqual(43);
    // Only a hash is stored.
    const rows = await site.store.db.selectFrom('admin_sessions').select('token_hash').execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_hash).not.toContain(token);

    const dash = await site.app.request('/admin', { headers: { Cookie: `redian_admin=${token}` } });
    expect(dash.status).toBe(200);
    expect(dash.headers.get('Cache-Control')).toBe('no-store');
    expect(dash.headers.get('X-Robots-Tag')).toContain('noindex');
    expect(await dash.text()).toContain('<meta name="robots" content="noindex, nofollow"/>');
  });

  it('issues a new token at every login, whatever cookie came with the form (no session fixation)', async () => {
    const planted = 'attacker-chosen-token-value-that-is-long-enough-x';
    const form = await loginForm(site);
    const res = await site.app.request('/admin/login', {
      method: 'POST',
      headers: { Cookie: `${form.cookie}; redian_admin=${planted}`, Origin: 'https://news.test', 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: form.csrf, username: 'alice', password: TEST_PASSWORD }),
    });
    expect(res.status).toBe(303);
    const issued = setCookies(res).get('redian_admin')!;
    expect(issued).not.toBe(planted);
    const second = setCookies(await postLogin(site, 'alice', TEST_PASSWORD)).get('redian_admin')!;
    expect(second).not.toBe(issued);
    expect((await site.app.request('/admin', { headers: { Cookie: `redian_admin=${planted}` } })).status).toBe(303);
  });

  it('refuses a wrong password with 401, keeping the username, and sets no session', async () => {
    const res = await postLogin(site, 'alice', 'wrong password');
    expect(res.status).toBe(401);
    expect(setCookies(res).has('redian_admin')).toBe(false);
    const html = await res.text();
    expect(textOf(parseHTML(html).document.querySelector('.flash-error'))).toBe('用户名或密码错误。');
    expect(parseHTML(html).document.querySelector('input[name="username"]')?.getAttribute('value')).toBe('alice');
  });

  it('locks an account after 10 wrong passwords, says until when, and refuses even the right one', async () => {
    for (let i = 1; i <= 9; i++) expect((await postLogin(site, 'alice', `wrong ${i}`, `198.51.100.${i}`)).status).toBe(401);
    const tenth = await postLogin(site, 'alice', 'wrong 10', '198.51.100.10');
    expect(tenth.status).toBe(429);
    const message = await errorText(tenth);
    expect(message).toMatch(/登录失败次数过多.*请在 \d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间，约 15 分钟后）再试/);
    expect(Number(tenth.headers.get('Retry-After'))).toBe(15 * 60);

    const right = await postLogin(site, 'alice', TEST_PASSWORD, '203.0.113.7');
    expect(right.status).toBe(429);
    expect(setCookies(right).has('redian_admin')).toBe(false);
    const { entries } = await site.services.audit.list({ action: 'login.lockout' });
    expect(entries).toHaveLength(1);
    expect(entries[0]!.target).toBe('account:alice');

    // The lock lives in the database: another app over the same store (another node) refuses too.
    const node2 = await createTestSite({ demo: false, store: site.store });
    expect((await postLogin(node2, 'alice', TEST_PASSWORD)).status).toBe(429);
  });

  it('limits failed logins per address, whichever accounts they try', async () => {
    const limit = 50;
    for (let i = 0; i < limit - 1; i++) expect((await postLogin(site, `nobody${i}`, 'x', '192.0.2.99')).status).toBe(401);
    expect((await postLogin(site, 'nobody-last', 'x', '192.0.2.99')).status).toBe(429);
    expect((await postLogin(site, 'alice', TEST_PASSWORD, '192.0.2.99')).status).toBe(429);
    // Another address is not affected.
    expect((await postLogin(site, 'alice', TEST_PASSWORD, '192.0.2.100')).status).toBe(303);
  }, 60_000);

  it('counts a local reverse proxy\'s clients by the address it forwards, and ignores that header from others', async () => {
    const viaProxy = async (forwardedFor: string, peer: string) => {
      const form = await loginForm(site, peer);
      return site.app.request(
        '/admin/login',
        {
          method: 'POST',
          headers: { Cookie: form.cookie, 'X-Forwarded-For': forwardedFor, 'Content-Type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ _csrf: form.csrf, username: 'nobody', password: 'x' }),
        },
        fromIp(peer),
      );
    };
    await viaProxy('203.0.113.9', '127.0.0.1');
    await viaProxy('203.0.113.9', '198.51.100.1');
    const keys = (await site.store.db.selectFrom('login_throttle').select('key').execute()).map((r) => r.key).sort();
    expect(keys).toEqual(['ip:198.51.100.1', 'ip:203.0.113.9', 'user:nobody']);
  });

  it('refuses a login form without its token, with a forged one, or posted from another site (403)', async () => {
    const form = await loginForm(site);
    const post = (headers: Record<string, string>, csrf: string | undefined) =>
      site.app.request('/admin/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams({ ...(csrf === undefined ? {} : { _csrf: csrf }), username: 'alice', password: TEST_PASSWORD }),
      });
    expect((await post({ Cookie: form.cookie }, undefined)).status).toBe(403);
    expect((await post({ Cookie: form.cookie }, 'forged')).status).toBe(403);
    expect((await post({}, form.csrf)).status).toBe(403);
    expect((await post({ Cookie: form.cookie, Origin: 'https://evil.example' }, form.csrf)).status).toBe(403);
    expect((await post({ Cookie: form.cookie, 'Sec-Fetch-Site': 'cross-site' }, form.csrf)).status).toBe(403);
    expect((await post({ Cookie: form.cookie, Origin: 'https://news.test' }, form.csrf)).status).toBe(303);
  });

  it('refuses an oversized login form before reading it', async () => {
    const form = await loginForm(site);
    const res = await site.app.request('/admin/login', {
      method: 'POST',
      headers: { Cookie: form.cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: form.csrf, username: 'alice', password: 'x'.repeat(20_000) }),
    });
    expect(res.status).toBe(413);
  });

  it('sends a visitor without a session to the login page, and back after login', async () => {
    const res = await site.app.request('/admin/articles?status=hidden');
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/admin/login?next=%2Fadmin%2Farticles');
    const anonymousPost = await site.app.request('/admin/categories', { method: 'POST', body: new URLSearchParams({ name: 'x', slug: 'x' }) });
    expect(anonymousPost.status).toBe(403);
  });

  it('logs out: the session ends on the server, not only in the browser', async () => {
    const alice = await signIn(site, 'admin', 'alice');
    const res = await alice.post('/admin/logout');
    expect(res.status).toBe(303);
    expect(setCookies(res).get('redian_admin')).toBe('');
    expect((await alice.get('/admin')).status).toBe(303);
  });

  it('ends the sessions of a disabled account at once', async () => {
    const alice = await signIn(site, 'admin', 'alice');
    await site.services.admin.accounts.setDisabled('alice', true, 'test');
    expect((await alice.get('/admin')).status).toBe(303);
    expect((await postLogin(site, 'alice', TEST_PASSWORD)).status).toBe(401);
  });
});

describe('admin CSRF', () => {
  it('refuses a console POST with a missing, forged or other session\'s token, or from another origin (403), and changes nothing', async () => {
    const alice = await signIn(site, 'admin', 'alice');
    const bob = await signIn(site, 'editor', 'bob');
    const add = { slug: 'science', name: '科学' };
    for (const options of [{ csrf: null }, { csrf: 'forged' }, { csrf: bob.csrf }, { origin: 'https://evil.example' }]) {
      const res = await alice.post('/admin/categories', add, options);
      expect(res.status).toBe(403);
      expect(textOf(parseHTML(await res.text()).document.querySelector('h1'))).toBe('请求被拒绝');
    }
    expect((await site.services.admin.categories.list()).some((c) => c.slug === 'science')).toBe(false);
    expect((await alice.post('/admin/categories', add)).status).toBe(303);
    expect((await site.services.admin.categories.list()).some((c) => c.slug === 'science')).toBe(true);
  });

  it('puts the session token in every console form', async () => {
    const alice = await signIn(site, 'admin', 'alice');
    for (const path of ['/admin', '/admin/sources', '/admin/articles', '/admin/categories', '/admin/settings', '/admin/audit', '/admin/accounts']) {
      const { res, document } = await alice.page(path);
      expect(res.status, path).toBe(200);
      for (const form of document.querySelectorAll('form[method="post"]')) {
        expect(form.querySelector('input[name="_csrf"]')?.getAttribute('value'), `${path} ${form.getAttribute('action')}`).toBe(alice.csrf);
      }
    }
  });
});

describe('admin roles', () => {
  it('lets an editor run sources, articles and categories but not settings', async () => {
    const editor = await signIn(site, 'editor', 'ed');
    for (const path of ['/admin', '/admin/sources', '/admin/articles', '/admin/categories', '/admin/audit']) expect((await editor.get(path)).status, path).toBe(200);
    const settings = await editor.get('/admin/settings');
    expect(settings.status).toBe(403);
    expect(await settings.text()).toContain('此页面仅限管理员使用');
    expect((await editor.post('/admin/settings', { site_name: '编辑改名' })).status).toBe(403);
    expect((await site.services.settings.current()).site_name).not.toBe('编辑改名');
    expect((await editor.get('/admin/accounts')).status).toBe(403);
    expect((await editor.post('/admin/accounts', { username: 'sneaky', role: 'admin', password: 'long enough pw' })).status).toBe(403);
    expect((await site.services.admin.accounts.list()).map((u) => u.username)).not.toContain('sneaky');
    // The menu shows an editor only what they may open.
    const { document } = await editor.page('/admin');
    const menu = [...document.querySelectorAll('.admin-nav a')].map((a) => a.getAttribute('href'));
    expect(menu).not.toContain('/admin/settings');
    expect(menu).not.toContain('/admin/ads');
    expect(menu).toContain('/admin/articles');
  });

  it('lets an admin open settings', async () => {
    const alice = await signIn(site, 'admin', 'alice');
    expect((await alice.get('/admin/settings')).status).toBe(200);
  });
});

it('answers the login page without a session, from any address', async () => {
  const res = await site.app.request('/admin/login', {}, fromIp('192.0.2.5'));
  expect(res.status).toBe(200);
  expect(res.headers.get('Cache-Control')).toBe('no-store');
});
