import type { Store } from '../db.js';
import { AdRepo } from './ads.js';
import { ArticleRepo } from './articles.js';
import { BlockedUrlRepo } from './blocked-urls.js';
import { CategoryRepo } from './categories.js';
import { SettingRepo } from './settings.js';
import { SourceRepo } from './sources.js';

export interface Repos {
  articles: ArticleRepo;
  categories: CategoryRepo;
  sources: SourceRepo;
  settings: SettingRepo;
  ads: AdRepo;
  blockedUrls: BlockedUrlRepo;
}

export function createRepos({ db, dialect }: Pick<Store, 'db' | 'dialect'>): Repos {
  return {
    articles: new ArticleRepo(db),
    categories: new CategoryRepo(db),
    sources: new SourceRepo(db, dialect),
    settings: new SettingRepo(db),
    ads: new AdRepo(db),
    blockedUrls: new BlockedUrlRepo(db),
  };
}

export type { ArticleCard, ArticleWithSource, ListFilter } from './articles.js';
export type { FetchOutcome, SourceWithCount } from './sources.js';
