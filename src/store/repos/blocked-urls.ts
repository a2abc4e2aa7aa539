import type { Kysely } from 'kysely';
import type { DB } from '../schema.js';

/** URLs that must never be stored again, such as those of taken-down articles. */
export class BlockedUrlRepo {
  constructor(private readonly db: Kysely<DB>) {}

  async add(url: string, reason: string, now = Date.now()): Promise<void> {
    await this.db.insertInto('blocked_urls').values({ url, reason, created_at: now }).onConflict((oc) => oc.column('url').doNothing()).execute();
  }

  /** Which of these URLs are blocked. */
  async blockedAmong(urls: string[]): Promise<Set<string>> {
    if (urls.length === 0) return new Set();
    const rows = await this.db.selectFrom('blocked_urls').select('url').where('url', 'in', urls).execute();
    return new Set(rows.map((r) => r.url));
  }
}
