import type { Kysely } from 'kysely';
import type { DialectName } from '../db.js';
import { columns } from './columns.js';

const NEW_AD_SLOTS: Array<[key: string, name: string, everyN: number | null]> = [
  ['feed', '信息流（每 N 条一个广告）', 6],
  ['sidebar', '侧栏（仅宽屏）', null],
];

/** Ads targeting and daily counts; the takedown workflow and outgoing mail. */
// Migrations see the schema as it was then, not today's DB type.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const { id, big } = columns(dialect);

  // A feed slot shows an ad card after every N list items; other slots leave it null.
  await db.schema.alterTable('ad_slots').addColumn('every_n', 'integer').execute();
  await db
    .insertInto('ad_slots')
    .values(NEW_AD_SLOTS.map(([key, name, everyN]) => ({ key, name, enabled: 1, every_n: everyN })))
    .execute();

  // kind: image | text | html. An html ad's snippet is only ever served in a sandboxed frame.
  await db.schema.alterTable('ads').addColumn('kind', 'varchar(8)', (c) => c.notNull().defaultTo('text')).execute();
  await db.schema.alterTable('ads').addColumn('html', 'text').execute();
  // Most impressions per reader per day; null: no cap.
  await db.schema.alterTable('ads').addColumn('freq_cap', 'integer').execute();
  await db.schema.alterTable('ads').addColumn('updated_at', big).execute();

  // An ad with rows here shows only on pages of these categories; with none, everywhere.
  await db.schema
    .createTable('ad_categories')
    .addColumn('ad_id', 'integer', (c) => c.notNull().references('ads.id').onDelete('cascade'))
    .addColumn('category_id', 'integer', (c) => c.notNull().references('categories.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('ad_categories_pk', ['ad_id', 'category_id'])
    .execute();

  // Counts per ad and Beijing-time day (day = floor((epoch ms + 8 h) / 86,400,000)).
  await db.schema
    .createTable('ad_daily')
    .addColumn('ad_id', 'integer', (c) => c.notNull().references('ads.id').onDelete('cascade'))
    .addColumn('day', 'integer', (c) => c.notNull())
    .addColumn('impressions', big, (c) => c.notNull().defaultTo(0))
    .addColumn('clicks', big, (c) => c.notNull().defaultTo(0))
    .addColumn('closes', big, (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('ad_daily_pk', ['ad_id', 'day'])
    .execute();
  await db.schema.createIndex('ad_daily_day').on('ad_daily').column('day').execute();

  // How far an accepted takedown reached (article | story | source) and who decided.
  await db.schema.alterTable('takedown_requests').addColumn('scope', 'varchar(16)').execute();
  await db.schema.alterTable('takedown_requests').addColumn('decided_by', 'varchar(100)').execute();

  // Mail to send (notices to claimants): written with the decision, sent by a worker with retries.
  await id(db.schema.createTable('mail_outbox'))
    .addColumn('to_addr', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('status', 'varchar(16)', (c) => c.notNull().defaultTo('pending'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', big, (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('takedown_id', 'integer', (c) => c.references('takedown_requests.id').onDelete('set null'))
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('sent_at', big)
    .execute();
  await db.schema.createIndex('mail_outbox_due').on('mail_outbox').columns(['status', 'next_attempt_at']).execute();
  await db.schema.createIndex('mail_outbox_takedown').on('mail_outbox').column('takedown_id').execute();
}
