import { ADS_CHANGED, AdService } from './ads/ads.js';
import { type AdminServices, createAdminServices } from './admin/index.js';
import { ArticleService } from './articles/articles.js';
import { AuditService } from './audit/audit.js';
import { type Bus, createBus } from './cluster/bus.js';
import { AudienceService } from './audience/audience.js';
import { RedisViews } from './audience/redis-views.js';
import { DEDUPE_WINDOW_MS, ViewCounter } from './audience/views.js';
import { CountWriterThread } from './audience/count-writer.js';
import { Redis } from 'ioredis';
import { DemoService } from './demo/demo.js';
import { FilterService } from './filters/service.js';
import { discoverFeed, type DiscoveredFeed } from './ingest/discover.js';
import { Fetcher } from './ingest/fetch/index.js';
import { createSourceFetcher } from './ingest/fetch-source.js';
import type { Preview } from './ingest/preview.js';
import { Scheduler, type SourceRun } from './ingest/scheduler.js';
import { type ReindexProgress, type ReindexResult, reindexText } from './ingest/reindex.js';
import { SourceService } from './ingest/sources.js';
import { Metrics } from './metrics/metrics.js';
import { createRecommendation } from './recommend/create.js';
import type { RecommendationService } from './recommend/lists.js';
import type { RankService } from './rank/rank.js';
import { followArticleChanges, SearchService } from './search/search.js';
import { SettingsService } from './settings/settings.js';
import { RedianError } from './errors.js';
import { ReviewService } from './review/service.js';
import { OutboxWorker, smtpTransport } from './rights/outbox.js';
import { TakedownService } from './rights/takedown.js';
import type { Logger } from './log.js';
import { type Store, ping } from './store/db.js';
import { createRepos } from './store/repos/index.js';
import { SyndicationService } from './syndication/syndication.js';

/** The services web and CLI call; they alone touch the store. */
export interface Services {
  articles: ArticleService;
  settings: SettingsService;
  views: ViewCounter;
  /** Visitor ids and reading history (清除阅读记录). */
  audience: AudienceService;
  recommend: RecommendationService;
  /** Hot stories (site-wide, per category) and trending terms, kept in memory. */
  rank: RankService;
  ads: AdService;
  /** Rights holders' takedown requests, their decisions and the notices sent about them. */
  takedowns: TakedownService;
  /** Full-text search over published articles, tags (/t/:tag) and keeping the index in step. */
  search: SearchService;
  /** Messages between the parts of this process and, with REDIS_URL, every node (cache invalidation). */
  bus: Bus;
  /** Who made which editorial, ad and rights decision. */
  audit: AuditService;
  /** The admin console's accounts, sessions and editorial decisions. */
  admin: AdminServices;
  /** Editors' filter rules, word replacements and sensitive-word lists; dry runs; the compiled copy ingestion applies. */
  filters: FilterService;
  /** Articles held for review: approve, edit, reject. */
  review: ReviewService;
  demo: DemoService;
  sources: SourceService;
  /** What feeds and sitemaps are made of. */
  syndication: SyndicationService;
  /** Counters and histograms for /metrics. */
  metrics: Metrics;
  ingest: {
    scheduler: Scheduler;
    /** The feed behind a URL an editor pasted (the feed itself, or a page linking to one). */
    discover(url: string): Promise<DiscoveredFeed>;
    /** What Redian would store from a URL (a feed's items, or a page's article). */
    preview(url: string, selector?: string): Promise<Preview>;
    /** Rebuilds keywords, document frequencies, fingerprints, stories and the search index from the stored articles. */
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
  /** Redis shared by the nodes of one site; without it this process is the whole site. */
  redisUrl?: string;
  /** Prefix of the view counter's Redis keys (tests give each run its own). */
  redisPrefix?: string;
  /** Signs visitor ids; unset, a key generated once is kept in the settings table. */
  visitorSecret?: string;
  /** How often counted reads are written (ms). */
  viewFlushMs?: number;
  /** On a SQLite file: write read and ad counts from a thread of their own (the server does). */
  countWriterThread?: boolean;
  /** SMTP for notices to takedown claimants; without both, they wait in the outbox. */
  smtp?: { url: string | undefined; from: string | undefined };
}

export function createServices(store: Store, logger: Logger, options: ServiceOptions = {}): Services {
  const repos = createRepos(store);
  const allowLoopback = options.fetchAllowLoopback ?? false;
  const fetcher = new Fetcher();
  // Reads the view counter, made below, only when /metrics is scraped.
  const metrics = new Metrics(() => views.bufferedTotal());
  const bus = createBus(options.redisUrl, (err) => logger.warn({ err }, 'message bus error'));
  const audit = new AuditService(repos.audit);
  const filters = new FilterService(repos, audit, bus);
  const scheduler = new Scheduler(
    repos,
    createSourceFetcher(repos, fetcher, {
      allowLoopback,
      onPageError: (url, err) => logger.warn({ url, err: String(err) }, 'article page not read; keeping the summary'),
      rules: () => filters.compiled(),
    }),
    {
      onRun: (run) => {
        if (run.error) logger.warn({ source: run.source.id, error: run.error }, 'source fetch failed');
        else logger.info({ source: run.source.id, ...run.result }, 'source fetched');
        metrics.fetch(run.source.slug, run.error ? 'failed' : run.result?.notModified ? 'not_modified' : 'ok', run.result?.added);
        options.onSourceRun?.(run);
      },
    },
  );
  const settings = new SettingsService(repos.settings, undefined, bus);
  // Its own connection: the bus's may be in subscriber mode, and counting must not wait behind it.
  const viewsRedis = options.redisUrl
    ? new Redis(options.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 2000 })
    : undefined;
  viewsRedis?.on('error', (err) => logger.warn({ err }, 'view counter Redis error'));
  const countWriter = options.countWriterThread && store.dialect === 'sqlite' && store.location !== ':memory:' ? new CountWriterThread(store.location) : undefined;
  const views = new ViewCounter(
    repos.articles,
    countWriter ?? repos.audience,
    (err) => {
      metrics.error('views', 'WRITE_FAILED');
      logger.error({ err }, 'writing view counts failed; will retry');
    },
    {
      flushMs: options.viewFlushMs,
      redis: viewsRedis && new RedisViews(viewsRedis, repos.audience, { prefix: options.redisPrefix ?? 'redian:views', dedupeMs: DEDUPE_WINDOW_MS }),
      bus,
    },
  );
  const audience = new AudienceService(repos, views, { visitorSecret: options.visitorSecret, flushMs: options.viewFlushMs });
  const sources = new SourceService(repos);
  const discover = (url: string) => discoverFeed(url, fetcher, { allowLoopback });
  const search = new SearchService(repos);
  const { rank, recommend } = createRecommendation(repos, bus, (err) => logger.warn({ err }, 'hot ranking or recommendations not refreshed; serving the last ones'));
  followArticleChanges(search, bus, (err) => logger.warn({ err }, 'search index not updated; the query-time status filter still applies'));
  const ads = new AdService(repos.ads, audit, {
    onChange: () => void bus.publish(ADS_CHANGED).catch((err) => logger.warn({ err }, 'ad change not announced to other nodes')),
    onError: (err) => logger.error({ err }, 'writing ad counts failed; will retry'),
    countWriter,
  });
  bus.subscribe(ADS_CHANGED, () => ads.forget());
  const outbox = new OutboxWorker(repos.outbox, {
    transport: options.smtp?.url && options.smtp.from ? smtpTransport(options.smtp.url) : undefined,
    from: options.smtp?.from,
    onError: (err, mail) => logger.warn({ err: String(err), mail: mail.id, attempt: mail.attempts + 1 }, 'mail not sent; will retry'),
  });
  const takedowns = new TakedownService(repos, audit, settings, bus, outbox);
  return {
    articles: new ArticleService(repos, bus),
    settings,
    views,
    audience,
    recommend,
    rank,
    ads,
    takedowns,
    search,
    audit,
    admin: createAdminServices({ repos, audit, bus, sources, scheduler, discover }),
    filters,
    review: new ReviewService(repos, audit, bus),
    bus,
    demo: new DemoService(repos, settings),
    sources,
    syndication: new SyndicationService(repos),
    metrics,
    ingest: {
      scheduler,
      discover,
      async preview(url, selector) {
        const res = await fetcher.fetchResource(url, { allowLoopback });
        if (res.status !== 'ok') throw new RedianError('FETCH_FAILED', `${url} answered without a body`);
        // Loaded on use: its article extractor (linkedom, Readability) is heavy, and every CLI command loads these services.
        const { previewDocument } = await import('./ingest/preview.js');
        return previewDocument(res.body, res.finalUrl, res.contentType, selector);
      },
      reindex: (onProgress) => reindexText(repos, onProgress),
    },
    health: () => ping(store),
    async close() {
      await scheduler.stop();
      await fetcher.close();
      await views.close();
      await ads.flush();
      await countWriter?.close();
      await outbox.stop();
      await bus.close();
      viewsRedis?.disconnect();
    },
  };
}
