import type { Kysely } from 'kysely';
import type { DialectName } from '../db.js';
import { columns } from './columns.js';

/** Admin accounts, sessions, login throttling and the audit log. */
// Migrations see the schema as it was then, not today's DB type.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, dialect: DialectName): Promise<void> {
  const { id, big } = columns(dialect);

  // Every editorial, ad and rights decision: who, what, on what, when, before and after.
  await id(db.schema.createTable('audit_log'))
    .addColumn('at', big, (c) => c.notNull())
    .addColumn('actor', 'varchar(100)', (c) => c.notNull())
    .addColumn('action', 'varchar(64)', (c) => c.notNull())
    .addColumn('target', 'varchar(200)', (c) => c.notNull())
    .addColumn('before_json', 'text')
    .addColumn('after_json', 'text')
    .execute();
  await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
  await db.schema.createIndex('audit_log_actor_at').on('audit_log').columns(['actor', 'at']).execute();
  await db.schema.createIndex('audit_log_action_at').on('audit_log').columns(['action', 'at']).execute();

  // Console accounts. Usernames are stored lower-case, so "Alice" and "alice" are one account.
  await id(db.schema.createTable('admin_users'))
    .addColumn('username', 'varchar(64)', (c) => c.notNull().unique())
    .addColumn('password_hash', 'varchar(255)', (c) => c.notNull())
    .addColumn('role', 'varchar(16)', (c) => c.notNull())
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('last_login_at', big)
    .execute();

  // Only a hash of the cookie's token is kept, so a leaked table opens no session.
  await db.schema
    .createTable('admin_sessions')
    .addColumn('token_hash', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('admin_users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'varchar(64)', (c) => c.notNull())
    .addColumn('created_at', big, (c) => c.notNull())
    .addColumn('expires_at', big, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('admin_sessions_user').on('admin_sessions').column('user_id').execute();
  await db.schema.createIndex('admin_sessions_expires').on('admin_sessions').column('expires_at').execute();

  // Failed logins per key ("user:<name>" or "ip:<address>"), in the database so that a
  // lockout holds on every node and across restarts.
  await db.schema
    .createTable('login_throttle')
    .addColumn('key', 'varchar(200)', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('window_start', big, (c) => c.notNull())
    .addColumn('locked_until', big)
    .execute();
  await db.schema.createIndex('login_throttle_window').on('login_throttle').column('window_start').execute();

  // The console lists articles newest-stored first and charts new articles per day.
  await db.schema.createIndex('articles_created').on('articles').column('created_at').execute();
  // The dashboard sums 30 days of hourly reads; with the count in the index that is an
  // index-only range scan (150 ms → a few ms over 70k rows) instead of one row lookup per hour.
  await db.schema.createIndex('article_view_hours_hour_views').on('article_view_hours').columns(['hour', 'views']).execute();
}
