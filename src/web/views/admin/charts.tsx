import type { DayPoint } from '../../../admin/dashboard.js';

const W = 600;
const H = 180;
const PAD_LEFT = 40;
const PAD_BOTTOM = 22;
const PAD_TOP = 10;

/** A round number at or above `max`, for the top of the axis. */
function niceMax(max: number): number {
  if (max <= 5) return 5;
  const mag = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * mag >= max) return step * mag;
  return 10 * mag;
}

/**
 * Counts per day as an inline SVG bar chart, drawn on the server: no script, no chart
 * library. It has a title and a description for screen readers, and the same numbers
 * follow in a table.
 */
export function DayBarChart({ id, title, unit, points }: { id: string; title: string; unit: string; points: DayPoint[] }) {
  const total = points.reduce((n, p) => n + p.count, 0);
  const max = niceMax(Math.max(0, ...points.map((p) => p.count)));
  const plotW = W - PAD_LEFT;
  const plotH = H - PAD_BOTTOM - PAD_TOP;
  const slot = plotW / Math.max(1, points.length);
  const first = points[0]?.date ?? '';
  const last = points[points.length - 1]?.date ?? '';
  const desc = `${first} 至 ${last}，共 ${total} ${unit}，单日最多 ${Math.max(0, ...points.map((p) => p.count))} ${unit}。`;
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-t ${id}-d`} class="chart-svg">
        <title id={`${id}-t`}>{title}</title>
        <desc id={`${id}-d`}>{desc}</desc>
        <line x1={PAD_LEFT} y1={PAD_TOP + plotH} x2={W} y2={PAD_TOP + plotH} class="chart-axis" />
        <line x1={PAD_LEFT} y1={PAD_TOP} x2={W} y2={PAD_TOP} class="chart-grid" />
        <line x1={PAD_LEFT} y1={PAD_TOP + plotH / 2} x2={W} y2={PAD_TOP + plotH / 2} class="chart-grid" />
        <text x={PAD_LEFT - 6} y={PAD_TOP + 4} text-anchor="end" class="chart-label">
          {max}
        </text>
        <text x={PAD_LEFT - 6} y={PAD_TOP + plotH / 2 + 4} text-anchor="end" class="chart-label">
          {max / 2}
        </text>
        <text x={PAD_LEFT - 6} y={PAD_TOP + plotH + 4} text-anchor="end" class="chart-label">
          0
        </text>
        {points.map((p, i) => {
          const h = (p.count / max) * plotH;
          return (
            <rect x={(PAD_LEFT + i * slot + slot * 0.15).toFixed(1)} y={(PAD_TOP + plotH - h).toFixed(1)} width={(slot * 0.7).toFixed(1)} height={h.toFixed(1)} class="chart-bar">
              <title>{`${p.date}：${p.count} ${unit}`}</title>
            </rect>
          );
        })}
        <text x={PAD_LEFT} y={H - 4} class="chart-label">
          {first.slice(5)}
        </text>
        <text x={W} y={H - 4} text-anchor="end" class="chart-label">
          {last.slice(5)}
        </text>
      </svg>
      <figcaption>
        {title}：共 {total} {unit}
      </figcaption>
      <details>
        <summary>按日数据</summary>
        <table class="admin-table compact">
          <thead>
            <tr>
              <th scope="col">日期</th>
              <th scope="col">{unit}</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr>
                <td>{p.date}</td>
                <td class="num">{p.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
