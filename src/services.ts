import { AdService } from './ads/ads.js';
import { ArticleService } from './articles/articles.js';
import { ViewCounter } from './audience/views.js';
import { DemoService } from './demo/demo.js';
import { RecommendationService } from './recommend/lists.js';
import { SettingsService } from './settings/settings.js';
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
  /** Throws when the database does not answer. */
  health(): Promise<void>;
}

export function createServices(store: Store): Services {
  const repos = createRepos(store.db);
  const settings = new SettingsService(repos.settings);
  return {
    articles: new ArticleService(repos),
    settings,
    views: new ViewCounter(repos.articles),
    recommend: new RecommendationService(repos.articles),
    ads: new AdService(repos.ads),
    demo: new DemoService(repos, settings),
    health: () => ping(store),
  };
}
