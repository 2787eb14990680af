// The five KPI groups of section III.3.4 (architecture compliance; interconnection and
// integration; governance and operation; technical and safety; deployment results), each
// computed from counts the API returns. Pure, so that every formula is unit-tested.

import type { MsgKey } from './i18n';

export interface TallyLike {
  applicable: number;
  realized: number;
  exploited: number;
  /** essential items the commune's province provides (PROVIDED_BY_PROVINCE) */
  provided: number;
  missing: number;
}

export interface KpiInputs {
  /** conformanceSummary (nation): the communes' tally, the ANM group's, and each province's score. */
  communes: TallyLike | null;
  cyber: TallyLike | null;
  provinceScores: readonly number[] | null;
  /** agencies(level: PROVINCE).totalCount */
  provinces: number | null;
  /** impact(of: NDXP, maxDepth: 1).byProvince: provinces with a direct dependent of NDXP. */
  ndxpProvinces: number | null;
  /** ruleViolationCount(rule: R-API-VIA-VAPEX) and the information systems L192 names (ministry,
   * province and commune systems being deployed or in operation). */
  vapexViolations: number | null;
  vapexSystems: number | null;
  components: number | null;
  operating: number | null;
  retired: number | null;
  /** components whose status nobody has stated (UNKNOWN), all and national */
  unknown: number | null;
  national: number | null;
  nationalOperating: number | null;
  nationalUnknown: number | null;
  /** national databases (scope NATIONAL, kind DATABASE) and ruleViolations(rule: R-NATIONAL-DB-AT-NDC). */
  nationalDbs: number | null;
  ndcViolations: number | null;
  duplicates: number | null;
}

export type KpiGroupId = 'compliance' | 'integration' | 'governance' | 'technical' | 'deployment';

export const KPI_GROUPS: readonly { id: KpiGroupId; title: MsgKey }[] = [
  { id: 'compliance', title: 'kpiGroupCompliance' },
  { id: 'integration', title: 'kpiGroupIntegration' },
  { id: 'governance', title: 'kpiGroupGovernance' },
  { id: 'technical', title: 'kpiGroupTechnical' },
  { id: 'deployment', title: 'kpiGroupDeployment' },
];

export interface Kpi {
  id: string;
  group: KpiGroupId;
  title: MsgKey;
  formula: MsgKey;
  /** ratio: 0..1 shown as a percentage; count: a number, lower is better. */
  kind: 'ratio' | 'count';
  value: number | null;
  /** The counts that went in, named as in the formula. */
  inputs: readonly { name: string; value: number | null }[];
  target: number;
  /** Why the value is unknown, when the reason is known. */
  note?: MsgKey;
  /** Shown whatever the value: what the value leaves out or rests on (unknown statuses, a
   * threshold the source does not give). */
  caveat?: MsgKey;
  caveatVars?: Record<string, number>;
}

/** ratio is num/den, or null when either is unknown or den is not positive. */
export function ratio(num: number | null | undefined, den: number | null | undefined): number | null {
  if (num === null || num === undefined || den === null || den === undefined) return null;
  if (!(den > 0)) return null;
  return num / den;
}

/** oneMinusRatio is 1 − bad/all, clamped to 0..1, or null when unknown. */
export function oneMinusRatio(bad: number | null, all: number | null): number | null {
  const r = ratio(bad, all);
  return r === null ? null : Math.max(0, Math.min(1, 1 - r));
}

/** conformanceScore = (realized + exploited + provided) / applicable (essential items). */
export function conformanceScore(t: TallyLike | null): number | null {
  return t ? ratio(t.realized + t.exploited + t.provided, t.applicable) : null;
}

/** PROVINCE_THRESHOLD is a display choice: the source sets no threshold (the KPI says so). */
export const PROVINCE_THRESHOLD = 0.8;

export function computeKpis(i: KpiInputs): Kpi[] {
  const sub = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);
  const above = i.provinceScores ? i.provinceScores.filter((s) => s >= PROVINCE_THRESHOLD).length : null;
  return [
    {
      id: 'conformance',
      group: 'compliance',
      title: 'kpiConformance',
      formula: 'kpiConformanceF',
      kind: 'ratio',
      value: conformanceScore(i.communes),
      inputs: [
        { name: 'realized', value: i.communes?.realized ?? null },
        { name: 'exploited', value: i.communes?.exploited ?? null },
        { name: 'provided', value: i.communes?.provided ?? null },
        { name: 'applicable', value: i.communes?.applicable ?? null },
      ],
      target: 1,
    },
    {
      id: 'provincesAbove',
      group: 'compliance',
      title: 'kpiProvincesAbove',
      formula: 'kpiProvincesAboveF',
      kind: 'ratio',
      value: ratio(above, i.provinceScores ? i.provinceScores.length : null),
      inputs: [
        { name: 'provinces ≥ 0.8', value: above },
        { name: 'provinces', value: i.provinceScores ? i.provinceScores.length : null },
      ],
      target: 1,
      caveat: 'kpiThresholdUnsourced',
    },
    {
      id: 'vapex',
      group: 'integration',
      title: 'kpiVapex',
      formula: 'kpiVapexF',
      kind: 'ratio',
      value: oneMinusRatio(i.vapexViolations, i.vapexSystems),
      inputs: [
        { name: 'API_VIA_VAPEX', value: i.vapexViolations },
        { name: 'systems (L192)', value: i.vapexSystems },
      ],
      target: 1,
    },
    {
      id: 'ndxp',
      group: 'integration',
      title: 'kpiNdxp',
      formula: 'kpiNdxpF',
      kind: 'ratio',
      value: ratio(i.ndxpProvinces, i.provinces),
      inputs: [
        { name: 'NDXP', value: i.ndxpProvinces },
        { name: 'provinces', value: i.provinces },
      ],
      target: 1,
    },
    {
      id: 'operating',
      group: 'governance',
      title: 'kpiOperating',
      formula: 'kpiOperatingF',
      kind: 'ratio',
      value: ratio(i.operating, sub(sub(i.components, i.retired), i.unknown)),
      inputs: [
        { name: 'OPERATING', value: i.operating },
        { name: 'all', value: i.components },
        { name: 'RETIRED', value: i.retired },
        { name: 'UNKNOWN', value: i.unknown },
      ],
      target: 1,
      ...(i.unknown ? { caveat: 'kpiStatusUnknown' as const, caveatVars: { n: i.unknown } } : {}),
    },
    {
      id: 'duplicates',
      group: 'governance',
      title: 'kpiDuplicates',
      formula: 'kpiDuplicatesF',
      kind: 'count',
      value: i.duplicates,
      inputs: [{ name: 'DUPLICATE_SHARED', value: i.duplicates }],
      target: 0,
    },
    {
      id: 'ndc',
      group: 'technical',
      title: 'kpiNdc',
      formula: 'kpiNdcF',
      kind: 'ratio',
      value: oneMinusRatio(i.ndcViolations, i.nationalDbs),
      inputs: [
        { name: 'NATIONAL_DB_AT_NDC', value: i.ndcViolations },
        { name: 'national DATABASE', value: i.nationalDbs },
      ],
      target: 1,
    },
    {
      id: 'cyber',
      group: 'technical',
      title: 'kpiCyber',
      formula: 'kpiCyberF',
      kind: 'ratio',
      value: conformanceScore(i.cyber),
      inputs: [
        { name: 'realized', value: i.cyber?.realized ?? null },
        { name: 'exploited', value: i.cyber?.exploited ?? null },
        { name: 'provided', value: i.cyber?.provided ?? null },
        { name: 'applicable', value: i.cyber?.applicable ?? null },
      ],
      target: 1,
    },
    {
      id: 'national',
      group: 'deployment',
      title: 'kpiNational',
      formula: 'kpiNationalF',
      kind: 'ratio',
      value: ratio(i.nationalOperating, sub(i.national, i.nationalUnknown)),
      inputs: [
        { name: 'OPERATING NATIONAL', value: i.nationalOperating },
        { name: 'NATIONAL', value: i.national },
        { name: 'UNKNOWN', value: i.nationalUnknown },
      ],
      target: 1,
      ...(i.nationalUnknown ? { caveat: 'kpiStatusUnknown' as const, caveatVars: { n: i.nationalUnknown } } : {}),
      ...(i.nationalUnknown !== null && i.national !== null && i.nationalUnknown >= i.national
        ? { note: 'kpiNationalUnknown' as const }
        : {}),
    },
    {
      id: 'realized',
      group: 'deployment',
      title: 'kpiRealized',
      formula: 'kpiRealizedF',
      kind: 'ratio',
      value: i.communes ? ratio(i.communes.realized, i.communes.applicable) : null,
      inputs: [
        { name: 'realized', value: i.communes?.realized ?? null },
        { name: 'applicable', value: i.communes?.applicable ?? null },
      ],
      target: 1,
    },
  ];
}

/** A grouped count as componentAggregate returns it: one value per groupBy dimension. */
export interface AggregateGroupLike {
  keys: readonly { value?: string | null }[];
  count: number;
}

export type StatusCounts = Pick<
  KpiInputs,
  'operating' | 'retired' | 'unknown' | 'national' | 'nationalOperating' | 'nationalUnknown' | 'nationalDbs'
>;

/** statusCounts reads the status and scope counts of the KPIs from two grouped counts: the
 * components by (SCOPE, STATUS) and the national ones by KIND. A status or scope that no component
 * has counts 0; nulls until the counts arrive. */
export function statusCounts(
  k: { byScopeStatus: { groups: readonly AggregateGroupLike[] }; nationalKinds: { groups: readonly AggregateGroupLike[] } } | undefined,
): StatusCounts {
  if (!k) {
    return {
      operating: null,
      retired: null,
      unknown: null,
      national: null,
      nationalOperating: null,
      nationalUnknown: null,
      nationalDbs: null,
    };
  }
  const sum = (scope: string | null, status: string | null) =>
    k.byScopeStatus.groups
      .filter((g) => (scope === null || g.keys[0]?.value === scope) && (status === null || g.keys[1]?.value === status))
      .reduce((a, g) => a + g.count, 0);
  return {
    operating: sum(null, 'OPERATING'),
    retired: sum(null, 'RETIRED'),
    unknown: sum(null, 'UNKNOWN'),
    national: sum('NATIONAL', null),
    nationalOperating: sum('NATIONAL', 'OPERATING'),
    nationalUnknown: sum('NATIONAL', 'UNKNOWN'),
    nationalDbs: k.nationalKinds.groups.filter((g) => g.keys[0]?.value === 'DATABASE').reduce((a, g) => a + g.count, 0),
  };
}
