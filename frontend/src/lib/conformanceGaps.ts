// The communes missing essential reference components (the API's conformanceGaps): their order
// in a table and their CSV lines.

import type { Lang } from './i18n';

interface Named {
  code: string;
  name: string;
  nameEn: string;
}

export interface GapRow {
  commune: Named;
  province?: Named | null;
  missing: Named[];
}

const nameOf = (lang: Lang, n: Named) => (lang === 'en' ? n.nameEn || n.name : n.name);

/** sortGaps: by name, or most missing first (ties by name); ties at last by code. */
export function sortGaps<R extends GapRow>(
  rows: readonly R[],
  byName: boolean,
  collate: (a: string, b: string) => number,
  lang: Lang,
): R[] {
  return [...rows].sort(
    (a, b) =>
      (byName ? 0 : b.missing.length - a.missing.length) ||
      collate(nameOf(lang, a.commune), nameOf(lang, b.commune)) ||
      a.commune.code.localeCompare(b.commune.code),
  );
}

export const GAPS_CSV_HEADER = ['commune', 'name', 'nameEn', 'province', 'missingCount', 'missing', 'missingNames'] as const;

/** gapsCsvRows: one line per commune, in the order given; the names of what it misses in the page's language. */
export function gapsCsvRows(rows: readonly GapRow[], lang: Lang): string[][] {
  return rows.map((r) => [
    r.commune.code,
    r.commune.name,
    r.commune.nameEn,
    r.province?.code ?? '',
    String(r.missing.length),
    r.missing.map((m) => m.code).join(' | '),
    r.missing.map((m) => nameOf(lang, m)).join(' | '),
  ]);
}
