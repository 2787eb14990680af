// The duplication worklist: the API lists each duplicating component once, with every shared
// platform it duplicates (its findings). The page filters those rows by platform, sorts them,
// pages them and exports exactly the rows the filters leave. Counts are of components and of
// platforms, never of (component, platform) pairs.

import type { Lang } from './i18n';
import type { DuplicateSort } from './url';

interface Named {
  code: string;
  name: string;
  nameEn: string;
}

export interface WorkFinding {
  shared: Named;
  capabilities: Named[];
  basis: 'DECLARED' | 'INFERRED' | 'CONFIRMED';
  confidence: number;
  matchedTerms: string[];
  review: 'UNREVIEWED' | 'CONFIRMED' | 'DISMISSED';
  reviewNote?: string | null;
  evidence: string;
  evidenceEn: string;
}

export interface WorkRow<F extends WorkFinding = WorkFinding> {
  component: Named;
  agency: Named | null;
  province: Named | null;
  confidence: number;
  basis: 'DECLARED' | 'INFERRED' | 'CONFIRMED';
  findings: F[];
}

/**
 * filterWorklist keeps the components that duplicate `platform` (all when null), each with only
 * that platform's finding: the row then says why it is on that platform's list.
 */
export function filterWorklist<F extends WorkFinding, R extends WorkRow<F>>(rows: readonly R[], platform: string | null): R[] {
  if (!platform) return [...rows];
  const out: R[] = [];
  for (const r of rows) {
    const findings = r.findings.filter((f) => f.shared.code === platform);
    if (findings.length === 0) continue;
    const confidence = Math.max(...findings.map((f) => f.confidence));
    out.push({ ...r, findings, confidence });
  }
  return out;
}

/** sortWorklist orders by a column; ties by component code, so that the order is stable. */
export function sortWorklist<R extends WorkRow>(
  rows: readonly R[],
  sort: DuplicateSort,
  desc: boolean,
  collate: (a: string, b: string) => number,
  lang: Lang,
): R[] {
  const name = (n: Named | null) => (n ? (lang === 'en' ? n.nameEn || n.name : n.name) : '');
  const cmp = (a: R, b: R): number => {
    switch (sort) {
      case 'confidence':
        return a.confidence - b.confidence;
      case 'platforms':
        return a.findings.length - b.findings.length;
      case 'province':
        return collate(name(a.province), name(b.province));
      case 'component':
        return collate(name(a.component), name(b.component));
    }
  };
  return [...rows].sort((a, b) => {
    const c = cmp(a, b);
    return c !== 0 ? (desc ? -c : c) : a.component.code.localeCompare(b.component.code);
  });
}

/** platformsOf counts the distinct shared platforms the rows duplicate. */
export function platformsOf(rows: readonly WorkRow[]): number {
  return new Set(rows.flatMap((r) => r.findings.map((f) => f.shared.code))).size;
}

export const WORKLIST_CSV_HEADER = [
  'component',
  'name',
  'nameEn',
  'agency',
  'province',
  'sharedPlatforms',
  'capabilities',
  'basis',
  'confidence',
  'review',
  'matchedTerms',
  'evidence',
] as const;

/**
 * worklistCsvRows: one line per component, as the table shows it (platforms, capabilities and
 * evidence of the findings shown joined with " | "); the evidence in the page's language.
 */
export function worklistCsvRows(rows: readonly WorkRow[], lang: Lang): string[][] {
  const join = (xs: string[]) => [...new Set(xs)].join(' | ');
  return rows.map((r) => [
    r.component.code,
    r.component.name,
    r.component.nameEn,
    r.agency?.code ?? '',
    r.province?.code ?? '',
    join(r.findings.map((f) => f.shared.code)),
    join(r.findings.flatMap((f) => f.capabilities.map((c) => c.code))),
    r.basis,
    r.confidence.toFixed(2),
    join(r.findings.map((f) => f.review)),
    join(r.findings.flatMap((f) => f.matchedTerms)),
    join(r.findings.map((f) => (lang === 'en' ? f.evidenceEn : f.evidence))),
  ]);
}
