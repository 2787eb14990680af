// The conformance heatmap's matrix: one row per province (or commune), one column per group.

export interface TallyLike {
  applicable: number;
  realized: number;
  exploited: number;
  missing: number;
  score: number;
}

export interface RollupLike {
  agency: { code: string; name: string; nameEn: string } | null;
  communes: number;
  tally: TallyLike;
  byGroup: readonly { groupCode: string; tally: TallyLike }[];
}

export interface HeatCell {
  group: string;
  /** null when the group does not apply (applicable = 0). */
  score: number | null;
  tally: TallyLike | null;
}

export interface HeatRow {
  code: string;
  name: string;
  nameEn: string;
  communes: number;
  score: number;
  cells: HeatCell[];
}

/** heatColumns orders the groups: those in `order` first (as given), then any others by code. */
export function heatColumns(rollups: readonly RollupLike[], order: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const r of rollups) for (const g of r.byGroup) seen.add(g.groupCode);
  const known = order.filter((c) => seen.has(c));
  const extra = [...seen].filter((c) => !order.includes(c)).sort();
  return [...known, ...extra];
}

export function heatRows(rollups: readonly RollupLike[], columns: readonly string[]): HeatRow[] {
  return rollups
    .filter((r) => r.agency !== null)
    .map((r) => {
      const by = new Map(r.byGroup.map((g) => [g.groupCode, g.tally]));
      return {
        code: r.agency?.code ?? '',
        name: r.agency?.name ?? '',
        nameEn: r.agency?.nameEn ?? '',
        communes: r.communes,
        score: r.tally.score,
        cells: columns.map((c) => {
          const t = by.get(c) ?? null;
          return { group: c, score: t && t.applicable > 0 ? t.score : null, tally: t };
        }),
      };
    });
}
