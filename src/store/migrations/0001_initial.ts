import type { Kysely } from 'kysely';
import type { DialectName } from '../db.js';
import { columns } from './columns.js';

/** Categories every new site starts with; editors can rename or add to them. */
const DEFAULT_CATEGORIES: Array<[slug: string, name: string]> = [
  ['politics', '时政'],
  ['world', '国际'],
  ['society', '社会'],
  ['finance', '财经'],
  ['tech', '科技'],
  ['sports', '体育'],
  ['ent', '娱乐'],
  ['autos', '汽车'],
  ['fashion', '时尚'],
  ['health', '健康'],
];

const DEFAULT_AD_SLOTS: Array<[key: string, name: string]> = [
  ['article_top', '文章页顶部'],
  ['article_bottom', '文章页底部'],
];

// Migrations see the schema as it was then, not today's DB type.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const { id, big, flag } = columns(dialect);

  await id(db.schema.createTable('categories'))
    .addColumn('slug', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(64)', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await id(db.schema.createTable('sources'))
    .addColumn('slug', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('site_url', 'text')
    .addColumn('feed_url', 'text')
    .addColumn('category_id', 'integer', (c) => c.references('categories.id').onDelete('set null'))
    .addColumn('policy', 'varchar(16)', (c) => c.notNull().defaultTo('full'))
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('is_demo', 'integer', flag)
    .addColumn('created_at', big, (c) => c.notNull())
    .execute();

  await id(db.schema.createTable('stories'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('original_article_id', 'integer')
    .addColumn('article_count', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('updated_at', big, (c) => c.notNull())
    .execute();

  await id(db.schema.createTable('articles'))
    .addColumn('source_id', 'integer', (c) => c.notNull().references('sources.id').onDelete('cascade'))
    .addColumn('story_id', 'integer', (c) => c.references('stories.id').onDelete('set null'))
    .addColumn('category_id', 'integer', (c) => c.references('categories.id').onDelete('set null'))
    .addColumn('guid', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('author', 'text')
    .addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('content_html', 'text', (c) => c.notNull())
    .addColumn('content_text', 'text', (c) => c.notNull())
    .addColumn('lead_image', 'text')
    .addColumn('published_at', big, (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull().defaultTo('published'))
    .addColumn('featured', 'integer', flag)
    .addColumn('is_demo', 'integer', flag)
    .addUniqueConstraint('articles_source_guid_unique', ['source_id', 'guid'])
    .execute();
  await db.schema.createIndex('articles_status_published').on('articles').columns(['status', 'published_at']).execute();
  await db.schema
    .createIndex('articles_category_published')
    .on('articles')
    .columns(['category_id', 'status', 'published_at'])
    .execute();
  await db.schema.createIndex('articles_source_published').on('articles').columns(['source_id', 'published_at']).execute();
  await db.schema.createIndex('articles_url').on('articles').column('url').execute();
  await db.schema.createIndex('articles_story').on('articles').column('story_id').execute();

  // Read counts change all the time and articles hardly ever: kept apart, a count is a
  // small row. Adding reads to 1,000 articles of a 100k-article SQLite database took
  // 70 ms in the wide articles table and 3 ms here.
  await db.schema
    .createTable('article_stats')
    .addColumn('article_id', 'integer', (c) => c.primaryKey().references('articles.id').onDelete('cascade'))
    .addColumn('view_count', big, (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('article_stats_views').on('article_stats').column('view_count').execute();
  // Editors' picks are few among many: without this, finding them walks every article.
  await db.schema.createIndex('articles_featured').on('articles').columns(['featured', 'status', 'published_at']).execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', big, (c) => c.notNull())
    .execute();

  await id(db.schema.createTable('ad_slots'))
    .addColumn('key', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('name', 'varchar(200)', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();

  await id(db.schema.createTable('ads'))
    .addColumn('slot_id', 'integer', (c) => c.notNull().references('ad_slots.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body_text', 'text')
    .addColumn('image_url', 'text')
    .addColumn('link_url', 'text', (c) => c.notNull())
    .addColumn('starts_at', big)
    .addColumn('ends_at', big)
    .addColumn('weight', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('is_demo', 'integer', flag)
    .addColumn('created_at', big, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ads_slot').on('ads').column('slot_id').execute();

  await id(db.schema.createTable('takedown_requests'))
    .addColumn('reference', 'varchar(32)', (c) => c.notNull().unique())
    .addColumn('claimant', 'text', (c) => c.notNull())
    .addColumn('organisation', 'text')
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('urls', 'text', (c) => c.notNull())
    .addColumn('work_description', 'text', (c) => c.notNull())
    .addColumn('good_faith', 'integer', flag)
    .addColumn('status', 'varchar(16)', (c) => c.notNull().defaultTo('pending'))
    .addColumn('decision_reason', 'text')
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('decided_at', big)
    .execute();
  await db.schema.createIndex('takedown_status').on('takedown_requests').columns(['status', 'created_at']).execute();

  await db
    .insertInto('categories')
    .values(DEFAULT_CATEGORIES.map(([slug, name], i) => ({ slug, name, position: i + 1 })))
    .execute();
  await db
    .insertInto('ad_slots')
    .values(DEFAULT_AD_SLOTS.map(([key, name]) => ({ key, name, enabled: 1 })))
    .execute();
}
