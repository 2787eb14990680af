// Charts drawn as plain SVG (no chart library: a stacked bar is a few rectangles). Each chart
// has a text equivalent: the table beside it, or a visually hidden one.
import { formatNumber, type Lang } from '../lib/i18n';

export interface Segment {
  key: string;
  label: string;
  color: string;
}

export interface BarRow {
  key: string;
  label: string;
  parts: Readonly<Record<string, number>>;
}

/** StackedBars draws one horizontal bar per row, split into the segments, scaled to the largest total. */
export function StackedBars({
  rows,
  segments,
  lang,
  title,
  testId,
  labelWidth = 220,
}: {
  rows: readonly BarRow[];
  segments: readonly Segment[];
  lang: Lang;
  title: string;
  testId?: string;
  labelWidth?: number;
}) {
  const barH = 18;
  const gap = 6;
  const width = 760;
  const chartW = width - labelWidth - 70;
  const totals = rows.map((r) => segments.reduce((a, s) => a + (r.parts[s.key] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const height = rows.length * (barH + gap) + gap;
  return (
    <figure className="chart" data-testid={testId}>
      <ul className="chart-legend" aria-hidden="true">
        {segments.map((s) => (
          <li key={s.key}>
            <span className="swatch" style={{ background: s.color }} /> {s.label}
          </li>
        ))}
      </ul>
      <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-label={title} preserveAspectRatio="xMinYMin meet">
        {rows.map((r, i) => {
          const y = gap + i * (barH + gap);
          let x = labelWidth;
          return (
            <g key={r.key} data-row={r.key}>
              <text x={labelWidth - 8} y={y + barH - 5} textAnchor="end" className="chart-label">
                {r.label.length > 32 ? r.label.slice(0, 31) + '…' : r.label}
              </text>
              {segments.map((s) => {
                const v = r.parts[s.key] ?? 0;
                if (v === 0) return null;
                const w = (v / max) * chartW;
                const rect = (
                  <rect key={s.key} x={x} y={y} width={Math.max(w, 1)} height={barH} fill={s.color}>
                    <title>{`${r.label} · ${s.label}: ${formatNumber(lang, v)}`}</title>
                  </rect>
                );
                x += w;
                return rect;
              })}
              <text x={x + 6} y={y + barH - 5} className="chart-value">
                {formatNumber(lang, totals[i] ?? 0)}
              </text>
            </g>
          );
        })}
      </svg>
      {/* The clipping box is a div: a table box ignores overflow, and its width would widen the page. */}
      <div className="visually-hidden">
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col" />
              {segments.map((s) => (
                <th key={s.key} scope="col">
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <th scope="row">{r.label}</th>
                {segments.map((s) => (
                  <td key={s.key}>{r.parts[s.key] ?? 0}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}

/** STATUS_COLORS: planned to retired, told apart by lightness as well as hue. */
export const STATUS_COLORS: Readonly<Record<string, string>> = {
  OPERATING: '#17803d',
  BUILDING: '#1f5fa8',
  PLANNED: '#c2560c',
  RETIRED: '#6b7280',
  UNKNOWN: '#b8a9d9',
  '': '#d1d5db',
};
