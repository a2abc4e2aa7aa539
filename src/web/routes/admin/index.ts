import { Hono } from 'hono';
import type { WebDeps } from '../../context.js';
import { accountRoutes } from './accounts.js';
import { articleAdminRoutes } from './articles.js';
import { auditRoutes } from './audit.js';
import { categoryRoutes } from './categories.js';
import { dashboardRoutes } from './dashboard.js';
import { loginRoutes } from './login.js';
import { reviewRoutes } from './review.js';
import { ruleRoutes } from './rules.js';
import { settingsRoutes } from './settings.js';
import { sourceRoutes } from './sources.js';

/**
 * The console under /admin. Each screen guards itself with `adminGuard` (see shell.tsx);
 * the ads and takedown screens are mounted by app.tsx beside these.
 */
export function adminRoutes(deps: WebDeps): Hono {
  const app = new Hono();
  app.route('/', loginRoutes(deps));
  // Before the dashboard's router, whose guard covers /admin/*: word-list uploads have a larger body limit of their own.
  app.route('/admin/review', reviewRoutes(deps));
  app.route('/admin/rules', ruleRoutes(deps));
  app.route('/admin', dashboardRoutes(deps));
  app.route('/admin/sources', sourceRoutes(deps));
  app.route('/admin/articles', articleAdminRoutes(deps));
  app.route('/admin/categories', categoryRoutes(deps));
  app.route('/admin/settings', settingsRoutes(deps));
  app.route('/admin/audit', auditRoutes(deps));
  app.route('/admin/accounts', accountRoutes(deps));
  return app;
}
