import type { HistoryEntry } from '../../store/repos/audience.js';
import { formatAge } from './format.js';

/** 我的阅读记录: what this browser read here, and the button that forgets it. */
export function HistoryPage({ reads, cleared, now }: { reads: HistoryEntry[]; cleared: boolean; now: number }) {
  return (
    <main class="wrap">
      <section class="panel full history">
        <h1 class="page-title">我的阅读记录</h1>
        <p class="muted">
          阅读记录只保存在本站，用于“猜你喜欢”，不与任何第三方共享。清除后，本浏览器会获得新的匿名标识，之前的记录不再与您关联。
        </p>
        {cleared ? (
          <p class="notice-ok" role="status">
            阅读记录已清除。
          </p>
        ) : null}
        {reads.length ? (
          <ul class="cards">
            {reads.map((r) => (
              <li class="card">
                <a href={`/a/${r.article_id}`}>
                  <span class="text">
                    <span class="title">{r.title}</span>
                    <span class="meta">
                      <span>{r.source_name}</span>
                      <span>{formatAge(r.read_at, now)}阅读</span>
                    </span>
                  </span>
                </a>
              </li>
            ))}
          </ul>
        ) : (
          <p>{cleared ? '' : '还没有阅读记录。'}</p>
        )}
        <form method="post" action="/me/history/clear" class="clear-history">
          <button type="submit">清除阅读记录</button>
        </form>
      </section>
    </main>
  );
}
