import type { AuditService } from '../audit/audit.js';
import type { Bus } from '../cluster/bus.js';
import type { DiscoveredFeed } from '../ingest/discover.js';
import type { Scheduler } from '../ingest/scheduler.js';
import type { SourceService } from '../ingest/sources.js';
import type { Repos } from '../store/repos/index.js';
import { AdminAccounts } from './accounts.js';
import { ArticleModeration } from './articles.js';
import { CategoryAdmin } from './categories.js';
import { DashboardService } from './dashboard.js';
import { SourceAdmin } from './sources.js';

/** What the admin console and `redian admin` use. */
export interface AdminServices {
  accounts: AdminAccounts;
  articles: ArticleModeration;
  categories: CategoryAdmin;
  sources: SourceAdmin;
  dashboard: DashboardService;
}

export function createAdminServices(deps: {
  repos: Repos;
  audit: AuditService;
  bus: Bus;
  sources: SourceService;
  discover: (url: string) => Promise<DiscoveredFeed>;
  scheduler: Scheduler;
}): AdminServices {
  const { repos, audit } = deps;
  return {
    accounts: new AdminAccounts(repos.admin, audit),
    articles: new ArticleModeration(repos.editorial, repos.blockedUrls, audit, deps.bus),
    categories: new CategoryAdmin(repos.editorial, audit, deps.bus),
    sources: new SourceAdmin(deps.sources, repos.editorial, deps.discover, deps.scheduler, audit),
    dashboard: new DashboardService(repos.dashboard),
  };
}
