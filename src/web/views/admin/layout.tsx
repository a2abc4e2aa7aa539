import type { Child } from 'hono/jsx';
import type { AdminRole } from '../../../store/schema.js';
import type { AssetManifest } from '../../static.js';

/** A console section: where it lives and who may open it. */
export interface AdminSection {
  key: string;
  href: string;
  label: string;
  role: AdminRole;
}

/** The console's menu. Ads and takedowns are built by the ads-rights screens inside this shell. */
export const ADMIN_SECTIONS: readonly AdminSection[] = [
  { key: 'dashboard', href: '/admin', label: '仪表盘', role: 'editor' },
  { key: 'sources', href: '/admin/sources', label: '来源', role: 'editor' },
  { key: 'articles', href: '/admin/articles', label: '文章', role: 'editor' },
  { key: 'categories', href: '/admin/categories', label: '分类', role: 'editor' },
  { key: 'review', href: '/admin/review', label: '审核', role: 'editor' },
  { key: 'rules', href: '/admin/rules', label: '过滤规则', role: 'editor' },
  { key: 'takedowns', href: '/admin/takedowns', label: '侵权投诉', role: 'editor' },
  { key: 'ads', href: '/admin/ads', label: '广告', role: 'admin' },
  { key: 'settings', href: '/admin/settings', label: '设置', role: 'admin' },
  { key: 'accounts', href: '/admin/accounts', label: '账号', role: 'admin' },
  { key: 'audit', href: '/admin/audit', label: '审计日志', role: 'editor' },
];

export interface AdminFrame {
  siteName: string;
  assets: AssetManifest;
  title: string;
  /** Key of the current section, for the menu. */
  section?: string;
  /** Absent on the login page. */
  user?: { username: string; role: AdminRole };
  csrfToken?: string;
  /** Articles waiting in the review queue, shown beside 审核. */
  reviewWaiting?: number;
}

/** Every console page: a bar with the site and the account, the menu, the content. Never indexed. */
export function AdminLayout({ frame, children }: { frame: AdminFrame; children: Child }) {
  const { user } = frame;
  const sections = user ? ADMIN_SECTIONS.filter((s) => user.role === 'admin' || s.role === 'editor') : [];
  return (
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
        <meta name="robots" content="noindex, nofollow" />
        <meta name="referrer" content="same-origin" />
        <title>{`${frame.title} - ${frame.siteName} 管理`}</title>
        <link rel="icon" href={frame.assets.icon} type="image/svg+xml" />
        <link rel="stylesheet" href={frame.assets.style} />
        <script src={frame.assets.script} defer></script>
      </head>
      <body class="admin">
        <header class="site-header admin-header">
          <div class="wrap admin-bar">
            <a class="logo" href="/admin">
              {frame.siteName} <small>管理</small>
            </a>
            {user ? (
              <form method="post" action="/admin/logout" class="admin-user">
                <span>
                  {user.username}（{user.role === 'admin' ? '管理员' : '编辑'}）
                </span>
                <input type="hidden" name="_csrf" value={frame.csrfToken ?? ''} />
                <button type="submit" class="link-button">
                  退出
                </button>
              </form>
            ) : null}
          </div>
          {sections.length ? (
            <nav class="wrap tabs admin-nav" aria-label="管理菜单">
              {sections.map((s) => (
                <a href={s.href} aria-current={frame.section === s.key ? 'page' : undefined}>
                  {s.label}
                  {s.key === 'review' && frame.reviewWaiting ? (
                    <span class="badge nav-badge" data-testid="review-waiting" aria-label={`${frame.reviewWaiting} 篇待审`}>
                      {frame.reviewWaiting}
                    </span>
                  ) : null}
                </a>
              ))}
              <a href="/">查看网站</a>
            </nav>
          ) : null}
        </header>
        <main class="wrap admin-main">{children}</main>
      </body>
    </html>
  );
}

/** A message in place of a page: 403, a lockout, an expired session. */
export function AdminMessage({ title, message, back }: { title: string; message: string; back?: { href: string; label: string } }) {
  return (
    <section class="panel">
      <h1 class="page-title">{title}</h1>
      <p>{message}</p>
      {back ? (
        <p>
          <a class="button" href={back.href}>
            {back.label}
          </a>
        </p>
      ) : null}
    </section>
  );
}

/** A success or error line above a form. */
export function Flash({ kind, text }: { kind: 'ok' | 'error'; text: string | undefined }) {
  if (!text) return null;
  return (
    <p class={`flash flash-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {text}
    </p>
  );
}
