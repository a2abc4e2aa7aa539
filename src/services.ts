import { AdService } from './ads/ads.js';
import { ArticleService } from './articles/articles.js';
import { AuditService } from './audit/audit.js';
import { ViewCounter } from './audience/views.js';
import { DemoService } from './demo/demo.js';
import { discoverFeed, type DiscoveredFeed } from './ingest/discover.js';
import { Fetcher } from './ingest/fetch/index.js';
import { createSourceFetcher } from './ingest/fetch-source.js';
import { type Preview, previewDocument } from './ingest/preview.js';
import { Scheduler, type SourceRun } from './ingest/scheduler.js';
import { type ReindexProgress, type ReindexResult, reindexText } from './ingest/reindex.js';
import { SourceService } from './ingest/sources.js';
import { RecommendationService } from './recommend/lists.js';
import { SettingsService } from './settings/settings.js';
import { RedianError } from './errors.js';
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
  /** Who made which editorial, ad and rights decision. */
  audit: AuditService;
  demo: DemoService;
  sources: SourceService;
  ingest: {
    scheduler: Scheduler;
    /** The feed behind a URL an editor pasted (the feed itself, or a page linking to one). */
    discover(url: string): Promise<DiscoveredFeed>;
    /** What Redian would store from a URL (a feed's items, or a page's article). */
    preview(url: string, selector?: string): Promise<Preview>;
    /** Rebuilds keywords, document frequencies, fingerprints and stories from the stored articles. */
    reindex(onProgress?: (p: ReindexProgress) => void): Promise<ReindexResult>;
  };
  /** Throws when the database does not answer. */
  health(): Promise<void>;
  /** Stops fetching and writes what is buffered; call before closing the store. */
  close(): Promise<void>;
}

export interface ServiceOptions {
  /** Lets fetches reach 127.0.0.1: for tests against a local server, never in production. */
  fetchAllowLoopback?: boolean;
  /** Told about each source fetched (the CLI draws its progress bar from it). */
  onSourceRun?: (run: SourceRun) => void;
}

export function createServices(store: Store, logger: Logger, options: ServiceOptions = {}): Services {
  const repos = createRepos(store);
  const allowLoopback = options.fetchAllowLoopback ?? false;
  const fetcher = new Fetcher();
  const scheduler = new Scheduler(
    repos,
    createSourceFetcher(repos, fetcher, {
      allowLoopback,
      onPageError: (url, err) => logger.warn({ url, err: String(err) }, 'article page not read; keeping the summary'),
    }),
    {
      onRun: (run) => {
        if (run.error) logger.warn({ source: run.source.id, error: run.error }, 'source fetch failed');
        else logger.info({ source: run.source.id, ...run.result }, 'source fetched');
        options.onSourceRun?.(run);
      },
    },
  );
  const settings = new SettingsService(repos.settings);
  const views = new ViewCounter(repos.articles, (err) => logger.error({ err }, 'writing view counts failed; will retry'));
  return {
    articles: new ArticleService(repos),
    settings,
    views,
    recommend: new RecommendationService(repos.articles),
    ads: new AdService(repos.ads),
    audit: new AuditService(repos.audit),
    demo: new DemoService(repos, settings),
    sources: new SourceService(repos),
    ingest: {
      scheduler,
      discover: (url) => discoverFeed(url, fetcher, { allowLoopback }),
      async preview(url, selector) {
        const res = await fetcher.fetchResource(url, { allowLoopback });
        if (res.status !== 'ok') throw new RedianError('FETCH_FAILED', `${url} answered without a body`);
        return previewDocument(res.body, res.finalUrl, res.contentType, selector);
      },
      reindex: (onProgress) => reindexText(repos, onProgress),
    },
    health: () => ping(store),
    async close() {
      await scheduler.stop();
      await fetcher.close();
      await views.flush();
    },
  };
}
