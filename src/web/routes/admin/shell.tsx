/**
 * The console shell that every /admin screen is built with (also the ads and takedown
 * screens): guard a router with `adminGuard(deps, role)`, put `csrfField(c)` in each form,
 * answer with `renderAdmin(c, deps, { title, section }, body)`.
 *
 *   const r = new Hono<AdminEnv>();
 *   r.use('*', adminGuard(deps, 'admin'));
 *   r.get('/', (c) => renderAdmin(c, deps, { title: '广告', section: 'ads' }, <form method="post">{csrfField(c)}…</form>));
 *   app.route('/admin/ads', r);
 */
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { WebDeps } from '../../context.js';
import type { AdminEnv } from '../../admin-auth.js';
import { AdminLayout } from '../../views/admin/layout.js';

export { adminGuard, type AdminEnv, csrfField, currentAdmin, formValue, requireRole } from '../../admin-auth.js';
export { AdminMessage, Flash } from '../../views/admin/layout.js';

export interface AdminPageMeta {
  title: string;
  /** Menu entry to mark as current: dashboard, sources, articles, categories, review, rules, takedowns, ads, settings, audit. */
  section?: string;
}

/** A whole console page for a guarded route. */
export async function renderAdmin(
  c: Context<AdminEnv>,
  deps: WebDeps,
  meta: AdminPageMeta,
  body: Child,
  status: ContentfulStatusCode = 200,
): Promise<Response> {
  const [settings, reviewWaiting] = await Promise.all([deps.services.settings.current(), deps.services.review.count()]);
  const session = c.get('session');
  const html = (
    <AdminLayout
      frame={{ siteName: settings.site_name, assets: deps.assets, title: meta.title, section: meta.section, user: session.admin, csrfToken: session.csrfToken, reviewWaiting }}
    >
      {body}
    </AdminLayout>
  );
  return c.html(`<!doctype html>${html}`, status);
}
