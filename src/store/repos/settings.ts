import type { Kysely } from 'kysely';
import type { DB } from '../schema.js';

/** Raw key/value storage; validation and defaults live in the settings service. */
export class SettingRepo {
  constructor(private readonly db: Kysely<DB>) {}

  async all(): Promise<Map<string, string>> {
    const rows = await this.db.selectFrom('settings').select(['key', 'value']).execute();
    return new Map(rows.map((r) => [r.key, r.value]));
  }

  async set(key: string, value: string, now = Date.now()): Promise<void> {
    await this.db
      .insertInto('settings')
      .values({ key, value, updated_at: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now }))
      .execute();
  }

  /** Stores the value unless the key has one; returns the stored value (the first writer's, across nodes). */
  async setIfAbsent(key: string, value: string, now = Date.now()): Promise<string> {
    await this.db
      .insertInto('settings')
      .values({ key, value, updated_at: now })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    const row = await this.db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirstOrThrow();
    return row.value;
  }

  async delete(key: string): Promise<boolean> {
    const res = await this.db.deleteFrom('settings').where('key', '=', key).executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }
}
