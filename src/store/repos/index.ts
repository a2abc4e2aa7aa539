import type { Store } from '../db.js';
import { AdRepo } from './ads.js';
import { AdminRepo } from './admin.js';
import { DashboardRepo } from './dashboard.js';
import { EditorialRepo } from './editorial.js';
import { FilterRepo } from './filters.js';
import { ReviewRepo } from './review.js';
import { AudienceRepo } from './audience.js';
import { OutboxRepo } from './outbox.js';
import { TakedownRepo } from './takedowns.js';
import { AuditRepo } from './audit.js';
import { ArticleRepo } from './articles.js';
import { BlockedUrlRepo } from './blocked-urls.js';
import { CategoryRepo } from './categories.js';
import { RecommendRepo } from './recommend.js';
import { SettingRepo } from './settings.js';
import { SourceRepo } from './sources.js';
import { StoryRepo } from './stories.js';
import { SyndicationRepo } from './syndication.js';
import { TextRepo } from './text.js';
import { createSearchIndex, type SearchIndex } from '../../search/search-index.js';

export interface Repos {
  admin: AdminRepo;
  editorial: EditorialRepo;
  dashboard: DashboardRepo;
  articles: ArticleRepo;
  categories: CategoryRepo;
  sources: SourceRepo;
  settings: SettingRepo;
  ads: AdRepo;
  takedowns: TakedownRepo;
  outbox: OutboxRepo;
  blockedUrls: BlockedUrlRepo;
  text: TextRepo;
  stories: StoryRepo;
  audit: AuditRepo;
  syndication: SyndicationRepo;
  audience: AudienceRepo;
  /** Reads, hourly counts and article facts for hot scores and recommendations. */
  recommend: RecommendRepo;
  /** The full-text index: FTS5 or PostgreSQL text search, by dialect (src/search/). */
  search: SearchIndex;
  /** Filter rules, word replacements, sensitive-word lists and the items they dropped. */
  filters: FilterRepo;
  /** Held articles waiting for review. */
  review: ReviewRepo;
}

export function createRepos({ db, dialect }: Pick<Store, 'db' | 'dialect'>): Repos {
  return {
    admin: new AdminRepo(db),
    editorial: new EditorialRepo(db),
    dashboard: new DashboardRepo(db),
    articles: new ArticleRepo(db),
    categories: new CategoryRepo(db),
    sources: new SourceRepo(db, dialect),
    settings: new SettingRepo(db),
    ads: new AdRepo(db),
    takedowns: new TakedownRepo(db),
    outbox: new OutboxRepo(db),
    blockedUrls: new BlockedUrlRepo(db),
    text: new TextRepo(db),
    search: createSearchIndex({ db, dialect }),
    stories: new StoryRepo(db),
    audit: new AuditRepo(db),
    syndication: new SyndicationRepo(db),
    audience: new AudienceRepo(db),
    recommend: new RecommendRepo(db),
    filters: new FilterRepo(db),
    review: new ReviewRepo(db),
  };
}

export type { ArticleCard, ArticleText, ArticleWithSource, ListFilter } from './articles.js';
export type { FetchOutcome, SourceWithCount } from './sources.js';
export type { StoryMember } from './stories.js';
export type { Candidate, FingerprintProbe } from './text.js';
