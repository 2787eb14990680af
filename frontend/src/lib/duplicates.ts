// Groups the duplication findings the API lists (one per component and shared platform) by the
// shared platform, and sorts them. Counts are of components: a component that shares two
// capabilities with a platform is one finding, counted once.

import type { DuplicateSort } from './url';

interface Named {
  code: string;
  name: string;
  nameEn: string;
}

export interface DuplicateRow {
  component: Named;
  agency: Named | null;
  province: Named | null;
  capabilities: (Named & { id?: string })[];
  shared: Named;
  evidence: string;
  evidenceEn: string;
  basis: 'DECLARED' | 'INFERRED' | 'CONFIRMED';
  confidence: number;
  matchedTerms: string[];
}

export interface PlatformGroup<R extends DuplicateRow = DuplicateRow> {
  shared: R['shared'];
  rows: R[];
  provinces: number;
  capabilities: string[];
}

export function groupByPlatform<R extends DuplicateRow>(rows: readonly R[]): PlatformGroup<R>[] {
  const by = new Map<string, PlatformGroup<R>>();
  for (const r of rows) {
    let g = by.get(r.shared.code);
    if (!g) {
      g = { shared: r.shared, rows: [], provinces: 0, capabilities: [] };
      by.set(r.shared.code, g);
    }
    g.rows.push(r);
    for (const c of r.capabilities) if (!g.capabilities.includes(c.code)) g.capabilities.push(c.code);
  }
  for (const g of by.values()) {
    g.provinces = new Set(g.rows.map((r) => r.province?.code).filter((c): c is string => !!c)).size;
    g.rows.sort(
      (a, b) =>
        (a.province?.code ?? '').localeCompare(b.province?.code ?? '') || a.component.code.localeCompare(b.component.code),
    );
  }
  return [...by.values()];
}

// distinctComponents counts the components among findings (each once, whatever it duplicates).
export function distinctComponents(rows: readonly DuplicateRow[]): number {
  return new Set(rows.map((r) => r.component.code)).size;
}

export function sortGroups<G extends PlatformGroup>(groups: readonly G[], sort: DuplicateSort, desc: boolean, collate: (a: string, b: string) => number): G[] {
  const key = (g: G): number | string =>
    sort === 'count' ? g.rows.length : sort === 'provinces' ? g.provinces : g.shared.code;
  // The direction applies to the column; ties stay in code order either way.
  return [...groups].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    const c = typeof ka === 'number' && typeof kb === 'number' ? ka - kb : collate(String(ka), String(kb));
    return c !== 0 ? (desc ? -c : c) : a.shared.code.localeCompare(b.shared.code);
  });
}
