import type { Kysely } from 'kysely';
import type { Ad, AdDaily, AdSlot, DB, NewAd } from '../schema.js';

/** An ad with the categories it targets (empty: every page). */
export interface TargetedAd extends Ad {
  category_ids: number[];
}

export interface AdListRow extends TargetedAd {
  slot_key: string;
}

export type AdPatch = Partial<Omit<NewAd, 'id' | 'created_at' | 'is_demo'>>;

/** Counts to add for one ad and day. */
export interface AdDailyDelta {
  ad_id: number;
  day: number;
  impressions: number;
  clicks: number;
  closes: number;
}

export class AdRepo {
  constructor(private readonly db: Kysely<DB>) {}

  slots(): Promise<AdSlot[]> {
    return this.db.selectFrom('ad_slots').selectAll().orderBy('id').execute();
  }

  slotId(key: string): Promise<number | undefined> {
    return this.db
      .selectFrom('ad_slots')
      .select('id')
      .where('key', '=', key)
      .executeTakeFirst()
      .then((r) => r?.id);
  }

  async updateSlot(key: string, patch: { enabled?: number; every_n?: number | null }): Promise<AdSlot | undefined> {
    return this.db.updateTable('ad_slots').set(patch).where('key', '=', key).returningAll().executeTakeFirst();
  }

  /** Ads that may show now in an enabled slot, with their target categories. */
  async activeForSlot(key: string, now: number): Promise<TargetedAd[]> {
    const ads = await this.db
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
    return this.withCategories(ads);
  }

  async byId(id: number): Promise<AdListRow | undefined> {
    const row = await this.db
      .selectFrom('ads')
      .innerJoin('ad_slots', 'ad_slots.id', 'ads.slot_id')
      .selectAll('ads')
      .select('ad_slots.key as slot_key')
      .where('ads.id', '=', id)
      .executeTakeFirst();
    return row ? (await this.withCategories([row]))[0] : undefined;
  }

  /** Every ad, newest first, for the console. */
  async list(): Promise<AdListRow[]> {
    const rows = await this.db
      .selectFrom('ads')
      .innerJoin('ad_slots', 'ad_slots.id', 'ads.slot_id')
      .selectAll('ads')
      .select('ad_slots.key as slot_key')
      .orderBy('ads.id', 'desc')
      .execute();
    return this.withCategories(rows);
  }

  async insert(ad: NewAd, categoryIds: number[] = []): Promise<Ad> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx.insertInto('ads').values(ad).returningAll().executeTakeFirstOrThrow();
      if (categoryIds.length) await trx.insertInto('ad_categories').values(categoryIds.map((c) => ({ ad_id: row.id, category_id: c }))).execute();
      return row;
    });
  }

  /** Changes an ad; with `categoryIds`, replaces its targeting. Undefined if there is no such ad. */
  async update(id: number, patch: AdPatch, categoryIds?: number[]): Promise<Ad | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const row =
        Object.keys(patch).length > 0
          ? await trx.updateTable('ads').set(patch).where('id', '=', id).returningAll().executeTakeFirst()
          : await trx.selectFrom('ads').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row) return undefined;
      if (categoryIds) {
        await trx.deleteFrom('ad_categories').where('ad_id', '=', id).execute();
        if (categoryIds.length) await trx.insertInto('ad_categories').values(categoryIds.map((c) => ({ ad_id: id, category_id: c }))).execute();
      }
      return row;
    });
  }

  async delete(id: number): Promise<boolean> {
    const res = await this.db.deleteFrom('ads').where('id', '=', id).executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }

  async deleteDemo(): Promise<number> {
    const res = await this.db.deleteFrom('ads').where('is_demo', '=', 1).executeTakeFirst();
    return Number(res.numDeletedRows);
  }

  /**
   * Adds buffered counts in one transaction. Counts of ads deleted meanwhile are dropped:
   * they have nowhere to go, and retrying them would fail forever.
   */
  async addDaily(deltas: AdDailyDelta[]): Promise<void> {
    if (deltas.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      const ids = [...new Set(deltas.map((d) => d.ad_id))];
      const existing = new Set((await trx.selectFrom('ads').select('id').where('id', 'in', ids).execute()).map((r) => r.id));
      const rows = deltas.filter((d) => existing.has(d.ad_id));
      if (rows.length === 0) return;
      await trx
        .insertInto('ad_daily')
        .values(rows)
        .onConflict((oc) =>
          oc.columns(['ad_id', 'day']).doUpdateSet((eb) => ({
            impressions: eb('ad_daily.impressions', '+', eb.ref('excluded.impressions')),
            clicks: eb('ad_daily.clicks', '+', eb.ref('excluded.clicks')),
            closes: eb('ad_daily.closes', '+', eb.ref('excluded.closes')),
          })),
        )
        .execute();
    });
  }

  /** Daily counts from `fromDay` on, for every ad or one. */
  daily(fromDay: number, adId?: number): Promise<AdDaily[]> {
    let q = this.db.selectFrom('ad_daily').selectAll().where('day', '>=', fromDay);
    if (adId !== undefined) q = q.where('ad_id', '=', adId);
    return q
      .orderBy('ad_id')
      .orderBy('day')
      .execute()
      .then((rows) => rows.map((r) => ({ ...r, impressions: Number(r.impressions), clicks: Number(r.clicks), closes: Number(r.closes) })));
  }

  private async withCategories<T extends Ad>(ads: T[]): Promise<Array<T & { category_ids: number[] }>> {
    if (ads.length === 0) return [];
    const rows = await this.db
      .selectFrom('ad_categories')
      .select(['ad_id', 'category_id'])
      .where(
        'ad_id',
        'in',
        ads.map((a) => a.id),
      )
      .orderBy('category_id')
      .execute();
    const byAd = new Map<number, number[]>();
    for (const r of rows) byAd.set(r.ad_id, [...(byAd.get(r.ad_id) ?? []), r.category_id]);
    return ads.map((a) => ({ ...a, category_ids: byAd.get(a.id) ?? [] }));
  }
}
