import type { Kysely } from 'kysely';
import type { DB } from '../schema.js';
import { AdRepo } from './ads.js';
import { ArticleRepo } from './articles.js';
import { CategoryRepo } from './categories.js';
import { SettingRepo } from './settings.js';
import { SourceRepo } from './sources.js';

export interface Repos {
  articles: ArticleRepo;
  categories: CategoryRepo;
  sources: SourceRepo;
  settings: SettingRepo;
  ads: AdRepo;
}

export function createRepos(db: Kysely<DB>): Repos {
  return {
    articles: new ArticleRepo(db),
    categories: new CategoryRepo(db),
    sources: new SourceRepo(db),
    settings: new SettingRepo(db),
    ads: new AdRepo(db),
  };
}

export type { ArticleCard, ArticleWithSource, ListFilter } from './articles.js';
