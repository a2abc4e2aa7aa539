import { Hono } from 'hono';
import { adminGuard, type AdminEnv, renderAdmin } from './shell.js';
import type { WebDeps } from '../../context.js';
import { DayBarChart } from '../../views/admin/charts.js';
import { formatDateTime } from '../../views/format.js';

/** GET /admin: what happened over 30 days and what needs attention now. */
export function dashboardRoutes(deps: WebDeps): Hono<AdminEnv> {
  const app = new Hono<AdminEnv>();
  app.use('*', adminGuard(deps));
  app.get('/', async (c) => {
    const d = await deps.services.admin.dashboard.load();
    return renderAdmin(
      c,
      deps,
      { title: '仪表盘', section: 'dashboard' },
      <>
        <section class="panel">
          <h1 class="page-title">仪表盘</h1>
          <p class="muted">
            待处理的侵权投诉：
            <a href="/admin/takedowns" class="badge" data-testid="pending-takedowns">
              {d.pendingTakedowns}
            </a>
          </p>
        </section>
        <div class="admin-grid">
          <section class="panel">
            <h2 class="section-title">近 30 天阅读量</h2>
            <DayBarChart id="views" title="近 30 天每日阅读量" unit="次阅读" points={d.views} />
          </section>
          <section class="panel">
            <h2 class="section-title">近 30 天新增文章</h2>
            <DayBarChart id="articles" title="近 30 天每日新增文章" unit="篇" points={d.articles} />
          </section>
        </div>
        <section class="panel">
          <h2 class="section-title">今日热门文章</h2>
          {d.topToday.length === 0 ? (
            <p class="muted">今天还没有阅读记录。</p>
          ) : (
            <table class="admin-table">
              <thead>
                <tr>
                  <th scope="col">标题</th>
                  <th scope="col">来源</th>
                  <th scope="col">今日阅读</th>
                </tr>
              </thead>
              <tbody>
                {d.topToday.map((a) => (
                  <tr>
                    <td data-label="标题">
                      <a href={`/a/${a.id}`}>{a.title}</a>
                    </td>
                    <td data-label="来源">{a.source_name}</td>
                    <td data-label="今日阅读" class="num">
                      {a.views}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <section class="panel">
          <h2 class="section-title">抓取失败的来源</h2>
          {d.failingSources.length === 0 ? (
            <p class="muted">所有来源都正常。</p>
          ) : (
            <table class="admin-table">
              <thead>
                <tr>
                  <th scope="col">来源</th>
                  <th scope="col">连续失败</th>
                  <th scope="col">上次抓取</th>
                  <th scope="col">错误</th>
                </tr>
              </thead>
              <tbody>
                {d.failingSources.map((s) => (
                  <tr>
                    <td data-label="来源">
                      <a href={`/admin/sources/${s.id}`}>{s.name}</a>
                    </td>
                    <td data-label="连续失败" class="num">
                      {s.error_count}
                    </td>
                    <td data-label="上次抓取">{s.last_fetched_at ? formatDateTime(s.last_fetched_at) : '从未'}</td>
                    <td data-label="错误" class="error-text">
                      {s.last_error}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      </>,
    );
  });
  return app;
}
