import { type Kysely, sql } from 'kysely';
import type { DB, Source } from '../schema.js';

/** Days are counted in Beijing time (UTC+8, no daylight saving), as editors read them. */
export const DAY_OFFSET_HOURS = 8;

export interface DayCount {
  /** Days since the epoch, Beijing time. */
  day: number;
  count: number;
}

export interface TopArticle {
  id: number;
  title: string;
  source_name: string;
  views: number;
}

/** The dashboard's figures. */
export class DashboardRepo {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * Counted reads per day over [fromDay, toDay], from the hourly counts. Summed per hour in
   * SQL (an index-only scan in hour order) and per day here: grouping by a day expression
   * would sort every row first.
   */
  async viewsPerDay(fromDay: number, toDay: number): Promise<DayCount[]> {
    const rows = await this.db
      .selectFrom('article_view_hours')
      .select(['hour', (eb) => eb.fn.sum<number | string>('views').as('views')])
      .where('hour', '>=', fromDay * 24 - DAY_OFFSET_HOURS)
      .where('hour', '<', (toDay + 1) * 24 - DAY_OFFSET_HOURS)
      .groupBy('hour')
      .execute();
    const byDay = new Map<number, number>();
    for (const r of rows) {
      const day = Math.floor((Number(r.hour) + DAY_OFFSET_HOURS) / 24);
      byDay.set(day, (byDay.get(day) ?? 0) + Number(r.views));
    }
    return [...byDay].map(([day, count]) => ({ day, count }));
  }

  /** Articles stored per day over [fromDay, toDay]. */
  async articlesPerDay(fromDay: number, toDay: number): Promise<DayCount[]> {
    const offset = DAY_OFFSET_HOURS * 3600_000;
    const day = sql<number>`(created_at + ${sql.lit(offset)}) / ${sql.lit(86_400_000)}`;
    const rows = await this.db
      .selectFrom('articles')
      .select([day.as('day'), (eb) => eb.fn.countAll<number | string>().as('count')])
      .where('created_at', '>=', fromDay * 86_400_000 - offset)
      .where('created_at', '<', (toDay + 1) * 86_400_000 - offset)
      .groupBy(day)
      .execute();
    return rows.map((r) => ({ day: Number(r.day), count: Number(r.count) }));
  }

  /** Most-read articles since an hour (any status, so an editor sees what is hidden too). */
  async topArticlesSince(hour: number, limit: number): Promise<TopArticle[]> {
    const rows = await this.db
      .selectFrom('article_view_hours')
      .innerJoin('articles', 'articles.id', 'article_view_hours.article_id')
      .innerJoin('sources', 'sources.id', 'articles.source_id')
      .select(['articles.id', 'articles.title', 'sources.name as source_name', (eb) => eb.fn.sum<number | string>('article_view_hours.views').as('views')])
      .where('article_view_hours.hour', '>=', hour)
      .groupBy(['articles.id', 'articles.title', 'sources.name'])
      .orderBy('views', 'desc')
      .orderBy('articles.id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ ...r, views: Number(r.views) }));
  }

  /** Enabled sources whose last fetch failed, most failures first. */
  failingSources(limit: number): Promise<Source[]> {
    return this.db
      .selectFrom('sources')
      .selectAll()
      .where('enabled', '=', 1)
      .where('error_count', '>', 0)
      .orderBy('error_count', 'desc')
      .orderBy('name')
      .limit(limit)
      .execute();
  }

  async pendingTakedowns(): Promise<number> {
    const row = await this.db
      .selectFrom('takedown_requests')
      .where('status', '=', 'pending')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
