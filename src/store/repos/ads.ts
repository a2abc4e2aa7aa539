import type { Kysely } from 'kysely';
import type { Ad, DB, NewAd } from '../schema.js';

export class AdRepo {
  constructor(private readonly db: Kysely<DB>) {}

  slotId(key: string): Promise<number | undefined> {
    return this.db
      .selectFrom('ad_slots')
      .select('id')
      .where('key', '=', key)
      .executeTakeFirst()
      .then((r) => r?.id);
  }

  /** Ads that may show now in an enabled slot. */
  activeForSlot(key: string, now: number): Promise<Ad[]> {
    return this.db
      .selectFrom('ads')
      .innerJoin('ad_slots', 'ad_slots.id', 'ads.slot_id')
      .selectAll('ads')
      .where('ad_slots.key', '=', key)
      .where('ad_slots.enabled', '=', 1)
      .where('ads.enabled', '=', 1)
      .where((eb) => eb.or([eb('ads.starts_at', 'is', null), eb('ads.starts_at', '<=', now)]))
      .where((eb) => eb.or([eb('ads.ends_at', 'is', null), eb('ads.ends_at', '>', now)]))
      .orderBy('ads.id')
      .execute();
  }

  async insert(ad: NewAd): Promise<Ad> {
    return this.db.insertInto('ads').values(ad).returningAll().executeTakeFirstOrThrow();
  }

  async deleteDemo(): Promise<number> {
    const res = await this.db.deleteFrom('ads').where('is_demo', '=', 1).executeTakeFirst();
    return Number(res.numDeletedRows);
  }
}
