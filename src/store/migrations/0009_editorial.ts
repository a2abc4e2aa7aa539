import type { Kysely } from 'kysely';
import type { DialectName } from '../db.js';
import { columns } from './columns.js';

/**
 * Editorial control (issue 7): filter rules, word replacements and sensitive-word lists,
 * global (source_id null) or per source; a review queue for held articles; and the items
 * the rules dropped, so a feed that keeps listing them is not judged again every fetch.
 * articles.status gains 'held' and 'rejected' (a varchar, so no schema change): neither is
 * 'published', so every public query and the search triggers of 0004 already leave them out.
 */
// Migrations see the schema as it was then, not today's DB type.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const { id, big, flag } = columns(dialect);

  await id(db.schema.createTable('filter_rules'))
    .addColumn('source_id', 'integer', (c) => c.references('sources.id').onDelete('cascade'))
    .addColumn('action', 'varchar(8)', (c) => c.notNull())
    .addColumn('field', 'varchar(8)', (c) => c.notNull())
    .addColumn('match', 'varchar(8)', (c) => c.notNull())
    .addColumn('pattern', 'text', (c) => c.notNull())
    .addColumn('note', 'varchar(200)', (c) => c.notNull().defaultTo(''))
    .addColumn('ignore_case', 'integer', flag)
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('updated_at', big, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('filter_rules_source').on('filter_rules').column('source_id').execute();

  await id(db.schema.createTable('word_replacements'))
    .addColumn('source_id', 'integer', (c) => c.references('sources.id').onDelete('cascade'))
    .addColumn('find', 'varchar(200)', (c) => c.notNull())
    .addColumn('replace', 'varchar(200)', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('updated_at', big, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('word_replacements_source').on('word_replacements').column('source_id').execute();

  // The words are one text, newline-joined: a list is always read and replaced whole.
  await id(db.schema.createTable('sensitive_lists'))
    .addColumn('name', 'varchar(100)', (c) => c.notNull().unique())
    .addColumn('action', 'varchar(8)', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('words', 'text', (c) => c.notNull())
    .addColumn('word_count', 'integer', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('updated_at', big, (c) => c.notNull())
    .execute();

  await db.schema.alterTable('sources').addColumn('requires_review', 'integer', flag).execute();

  // Why a held article waits; the row goes when it is approved or rejected.
  await db.schema
    .createTable('article_holds')
    .addColumn('article_id', 'integer', (c) => c.primaryKey().references('articles.id').onDelete('cascade'))
    .addColumn('reasons_json', 'text', (c) => c.notNull())
    .addColumn('held_at', big, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('article_holds_held').on('article_holds').column('held_at').execute();

  await db.schema
    .createTable('filtered_items')
    .addColumn('source_id', 'integer', (c) => c.notNull().references('sources.id').onDelete('cascade'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('guid', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('reasons_json', 'text', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .addPrimaryKeyConstraint('filtered_items_pk', ['source_id', 'url'])
    .execute();
  await db.schema.createIndex('filtered_items_created').on('filtered_items').column('created_at').execute();
}
