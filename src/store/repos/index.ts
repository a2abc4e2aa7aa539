import type { Store } from '../db.js';
import { AdRepo } from './ads.js';
import { AuditRepo } from './audit.js';
import { ArticleRepo } from './articles.js';
import { BlockedUrlRepo } from './blocked-urls.js';
import { CategoryRepo } from './categories.js';
import { SettingRepo } from './settings.js';
import { SourceRepo } from './sources.js';
import { StoryRepo } from './stories.js';
import { TextRepo } from './text.js';

export interface Repos {
  articles: ArticleRepo;
  categories: CategoryRepo;
  sources: SourceRepo;
  settings: SettingRepo;
  ads: AdRepo;
  blockedUrls: BlockedUrlRepo;
  text: TextRepo;
  stories: StoryRepo;
  audit: AuditRepo;
}

export function createRepos({ db, dialect }: Pick<Store, 'db' | 'dialect'>): Repos {
  return {
    articles: new ArticleRepo(db),
    categories: new CategoryRepo(db),
    sources: new SourceRepo(db, dialect),
    settings: new SettingRepo(db),
    ads: new AdRepo(db),
    blockedUrls: new BlockedUrlRepo(db),
    text: new TextRepo(db),
    stories: new StoryRepo(db),
    audit: new AuditRepo(db),
  };
}

export type { ArticleCard, ArticleText, ArticleWithSource, ListFilter } from './articles.js';
export type { FetchOutcome, SourceWithCount } from './sources.js';
export type { StoryMember } from './stories.js';
export type { Candidate, FingerprintProbe } from './text.js';
