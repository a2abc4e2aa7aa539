import { type DashboardRepo, DAY_OFFSET_HOURS, type DayCount, type TopArticle } from '../store/repos/dashboard.js';
import type { Source } from '../store/schema.js';

export const DASHBOARD_DAYS = 30;

export interface DayPoint {
  /** YYYY-MM-DD, Beijing time. */
  date: string;
  count: number;
}

export interface Dashboard {
  views: DayPoint[];
  articles: DayPoint[];
  topToday: TopArticle[];
  failingSources: Source[];
  pendingTakedowns: number;
}

const DAY_MS = 86_400_000;
const OFFSET_MS = DAY_OFFSET_HOURS * 3600_000;

/** Days since the epoch in Beijing time. */
export const beijingDay = (ms: number) => Math.floor((ms + OFFSET_MS) / DAY_MS);
const dayDate = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** Every day of the range, zero where nothing was counted. */
function series(counts: DayCount[], from: number, to: number): DayPoint[] {
  const byDay = new Map(counts.map((c) => [c.day, c.count]));
  const out: DayPoint[] = [];
  for (let d = from; d <= to; d++) out.push({ date: dayDate(d), count: byDay.get(d) ?? 0 });
  return out;
}

/** The console's front page: reads and new articles per day, today's top articles, what needs attention. */
export class DashboardService {
  constructor(
    private readonly repo: DashboardRepo,
    private readonly now: () => number = Date.now,
  ) {}

  async load(): Promise<Dashboard> {
    const today = beijingDay(this.now());
    const from = today - DASHBOARD_DAYS + 1;
    const [views, articles, topToday, failingSources, pendingTakedowns] = await Promise.all([
      this.repo.viewsPerDay(from, today),
      this.repo.articlesPerDay(from, today),
      this.repo.topArticlesSince(today * 24 - DAY_OFFSET_HOURS, 10),
      this.repo.failingSources(20),
      this.repo.pendingTakedowns(),
    ]);
    return { views: series(views, from, today), articles: series(articles, from, today), topToday, failingSources, pendingTakedowns };
  }
}
