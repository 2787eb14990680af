// Pivoting the API's aggregations (componentAggregate, agencyAggregate, …) into chart rows:
// the first groupBy dimension makes the rows, the second the segments of each row. Pure.

export interface AggKey {
  value?: string | null;
  name?: string | null;
  nameEn?: string | null;
}

export interface AggGroup {
  keys: readonly AggKey[];
  count: number;
}

export interface PivotRow {
  key: string;
  name: string | null;
  nameEn: string | null;
  total: number;
  /** count per value of the second dimension ("" for none recorded) */
  parts: Record<string, number>;
}

/** NONE is the key of a group without a value ("none recorded"). */
export const NONE = '';

/** compareCodes orders codes, enum values and years (ASCII) by code point. Not localeCompare: the
 * first collator of a page sets up ICU's data, tens of ms of the first render's main thread
 * (session 9's traces of the Overview and the Roadmap), and these keys need no language's order. */
export function compareCodes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** pivot turns two-dimension groups into rows (first key) of parts (second key), ordered by
 * `order` (keys in that order first, the rest by total, largest first). */
export function pivot(groups: readonly AggGroup[], order?: readonly string[]): PivotRow[] {
  const rows = new Map<string, PivotRow>();
  for (const g of groups) {
    const k = g.keys[0];
    const key = k?.value ?? NONE;
    let row = rows.get(key);
    if (!row) {
      row = { key, name: k?.name ?? null, nameEn: k?.nameEn ?? null, total: 0, parts: {} };
      rows.set(key, row);
    }
    const part = g.keys[1]?.value ?? NONE;
    row.parts[part] = (row.parts[part] ?? 0) + g.count;
    row.total += g.count;
  }
  const rank = (k: string) => {
    const i = order ? order.indexOf(k) : -1;
    return i < 0 ? Number.MAX_SAFE_INTEGER : i;
  };
  return [...rows.values()].sort((a, b) => rank(a.key) - rank(b.key) || b.total - a.total || compareCodes(a.key, b.key));
}
