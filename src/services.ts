import { AdService } from './ads/ads.js';
import { ArticleService } from './articles/articles.js';
import { ViewCounter } from './audience/views.js';
import { DemoService } from './demo/demo.js';
import { SourceService } from './ingest/sources.js';
import { RecommendationService } from './recommend/lists.js';
import { SettingsService } from './settings/settings.js';
import type { Logger } from './log.js';
import { type Store, ping } from './store/db.js';
import { createRepos } from './store/repos/index.js';

/** The services web and CLI call; they alone touch the store. */
export interface Services {
  articles: ArticleService;
  settings: SettingsService;
  views: ViewCounter;
  recommend: RecommendationService;
  ads: AdService;
  demo: DemoService;
  sources: SourceService;
  /** Throws when the database does not answer. */
  health(): Promise<void>;
  /** Writes what is buffered; call before closing the store. */
  close(): Promise<void>;
}

export function createServices(store: Store, logger: Logger): Services {
  const repos = createRepos(store);
  const settings = new SettingsService(repos.settings);
  const views = new ViewCounter(repos.articles, (err) => logger.error({ err }, 'writing view counts failed; will retry'));
  return {
    articles: new ArticleService(repos),
    settings,
    views,
    recommend: new RecommendationService(repos.articles),
    ads: new AdService(repos.ads),
    demo: new DemoService(repos, settings),
    sources: new SourceService(repos),
    health: () => ping(store),
    close: () => views.flush(),
  };
}
