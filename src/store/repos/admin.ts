import type { Kysely } from 'kysely';
import type { AdminRole, AdminUser, DB } from '../schema.js';

/** A session row joined with its account: who is signed in, and the form token. */
export interface SessionWithUser {
  user_id: number;
  username: string;
  role: AdminRole;
  csrf_token: string;
  expires_at: number;
}

export interface ThrottleRow {
  key: string;
  failures: number;
  window_start: number;
  locked_until: number | null;
}

/** Console accounts, their sessions and failed-login counters. */
export class AdminRepo {
  constructor(private readonly db: Kysely<DB>) {}

  insertUser(user: { username: string; password_hash: string; role: AdminRole; created_at: number }): Promise<AdminUser> {
    return this.db.insertInto('admin_users').values(user).returningAll().executeTakeFirstOrThrow();
  }

  userByName(username: string): Promise<AdminUser | undefined> {
    return this.db.selectFrom('admin_users').selectAll().where('username', '=', username).executeTakeFirst();
  }

  listUsers(): Promise<AdminUser[]> {
    return this.db.selectFrom('admin_users').selectAll().orderBy('username').execute();
  }

  async updateUser(id: number, changes: Partial<Pick<AdminUser, 'password_hash' | 'role' | 'disabled' | 'last_login_at'>>): Promise<void> {
    await this.db.updateTable('admin_users').set(changes).where('id', '=', id).execute();
  }

  async insertSession(session: { token_hash: string; user_id: number; csrf_token: string; created_at: number; expires_at: number }): Promise<void> {
    await this.db.insertInto('admin_sessions').values(session).execute();
  }

  /** A live session of an enabled account. */
  session(tokenHash: string, now: number): Promise<SessionWithUser | undefined> {
    return this.db
      .selectFrom('admin_sessions')
      .innerJoin('admin_users', 'admin_users.id', 'admin_sessions.user_id')
      .select(['admin_sessions.user_id', 'admin_users.username', 'admin_users.role', 'admin_sessions.csrf_token', 'admin_sessions.expires_at'])
      .where('admin_sessions.token_hash', '=', tokenHash)
      .where('admin_sessions.expires_at', '>', now)
      .where('admin_users.disabled', '=', 0)
      .executeTakeFirst();
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.db.deleteFrom('admin_sessions').where('token_hash', '=', tokenHash).execute();
  }

  async deleteSessionsOf(userId: number): Promise<void> {
    await this.db.deleteFrom('admin_sessions').where('user_id', '=', userId).execute();
  }

  async deleteExpiredSessions(now: number): Promise<void> {
    await this.db.deleteFrom('admin_sessions').where('expires_at', '<=', now).execute();
  }

  throttle(keys: string[]): Promise<ThrottleRow[]> {
    return this.db.selectFrom('login_throttle').selectAll().where('key', 'in', keys).execute();
  }

  async saveThrottle(row: ThrottleRow): Promise<void> {
    const { key: _key, ...changes } = row;
    await this.db
      .insertInto('login_throttle')
      .values(row)
      .onConflict((oc) => oc.column('key').doUpdateSet(changes))
      .execute();
  }

  /** Forgets counts whose window has passed and that hold no lock (addresses that tried once, long ago). */
  async pruneThrottle(windowStartBefore: number, now: number): Promise<void> {
    await this.db
      .deleteFrom('login_throttle')
      .where('window_start', '<', windowStartBefore)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
      .execute();
  }

  async clearThrottle(key: string): Promise<void> {
    await this.db.deleteFrom('login_throttle').where('key', '=', key).execute();
  }
}
