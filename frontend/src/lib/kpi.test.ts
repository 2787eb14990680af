import { describe, expect, it } from 'vitest';
import { computeKpis, conformanceScore, KPI_GROUPS, oneMinusRatio, ratio, statusCounts, type KpiInputs } from './kpi';

const inputs: KpiInputs = {
  communes: { applicable: 200, realized: 110, exploited: 40, provided: 10, missing: 40 },
  cyber: { applicable: 10, realized: 5, exploited: 4, provided: 0, missing: 1 },
  provinceScores: [0.9, 0.8, 0.79, 0.5],
  provinces: 34,
  ndxpProvinces: 17,
  vapexViolations: 25,
  vapexSystems: 100,
  components: 1000,
  operating: 720,
  retired: 50,
  unknown: 50,
  national: 46,
  nationalOperating: 36,
  nationalUnknown: 1,
  nationalDbs: 8,
  ndcViolations: 2,
  duplicates: 15,
};

const byId = (i: KpiInputs) => new Map(computeKpis(i).map((k) => [k.id, k]));

describe('kpi formulas', () => {
  it('ratio and 1 − ratio handle unknown and empty denominators', () => {
    expect(ratio(1, 4)).toBe(0.25);
    expect(ratio(1, 0)).toBeNull();
    expect(ratio(null, 4)).toBeNull();
    expect(oneMinusRatio(1, 4)).toBe(0.75);
    expect(oneMinusRatio(5, 4)).toBe(0);
    expect(oneMinusRatio(null, 4)).toBeNull();
    expect(conformanceScore({ applicable: 0, realized: 0, exploited: 0, provided: 0, missing: 0 })).toBeNull();
  });

  it('computes every KPI from its inputs', () => {
    const k = byId(inputs);
    expect(k.get('conformance')?.value).toBe(0.8); // (110 + 40 + 10 provided by the province) / 200
    expect(k.get('provincesAbove')?.value).toBe(0.5); // 2 of 4 ≥ 0.8
    expect(k.get('vapex')?.value).toBe(0.75); // 1 − 25/100
    expect(k.get('ndxp')?.value).toBe(0.5); // 17/34
    expect(k.get('operating')?.value).toBe(0.8); // 720 / (1000 − 50 retired − 50 unknown)
    expect(k.get('operating')?.caveat).toBe('kpiStatusUnknown');
    expect(k.get('operating')?.caveatVars).toEqual({ n: 50 });
    expect(k.get('provincesAbove')?.caveat).toBe('kpiThresholdUnsourced');
    expect(k.get('duplicates')?.value).toBe(15);
    expect(k.get('duplicates')?.kind).toBe('count');
    expect(k.get('ndc')?.value).toBe(0.75); // 1 − 2/8
    expect(k.get('cyber')?.value).toBe(0.9); // (5 + 4) / 10
    expect(k.get('national')?.value).toBe(0.8); // 36 / (46 − 1 unknown)
    expect(k.get('realized')?.value).toBe(0.55); // 110/200
  });

  it('covers the five groups of III.3.4, each with a formula', () => {
    const list = computeKpis(inputs);
    expect(KPI_GROUPS.map((g) => g.id)).toEqual(['compliance', 'integration', 'governance', 'technical', 'deployment']);
    for (const g of KPI_GROUPS) expect(list.filter((k) => k.group === g.id).length).toBeGreaterThanOrEqual(2);
    for (const k of list) expect(k.formula).toMatch(/F$/);
  });

  it('says so when no national status is known (the source states none)', () => {
    const k = byId({ ...inputs, nationalOperating: 0, nationalUnknown: 46 });
    expect(k.get('national')?.value).toBeNull();
    expect(k.get('national')?.note).toBe('kpiNationalUnknown');
    expect(k.get('national')?.caveatVars).toEqual({ n: 46 });
  });

  it('is unknown, with a reason, when the API cannot give an input', () => {
    const k = byId({ ...inputs, vapexSystems: null, communes: null });
    expect(k.get('vapex')?.value).toBeNull();
    expect(k.get('conformance')?.value).toBeNull();
    expect(k.get('conformance')?.inputs.every((i) => i.value === null)).toBe(true);
  });
});

describe('statusCounts', () => {
  const g = (count: number, ...values: (string | null)[]) => ({ keys: values.map((value) => ({ value })), count });
  it('sums the (scope, status) groups into the KPI counts and reads national databases by kind', () => {
    const c = statusCounts({
      byScopeStatus: {
        groups: [
          g(800, 'COMMUNE', 'OPERATING'),
          g(100, 'COMMUNE', 'BUILDING'),
          g(30, 'PROVINCE', 'OPERATING'),
          g(7, 'PROVINCE', 'RETIRED'),
          g(36, 'NATIONAL', 'OPERATING'),
          g(9, 'NATIONAL', 'UNKNOWN'),
          g(2, 'MINISTRY', 'UNKNOWN'),
          g(4, null, 'OPERATING'),
          g(5, 'COMMUNE', null),
        ],
      },
      nationalKinds: { groups: [g(14, 'PLATFORM'), g(8, 'DATABASE'), g(3, null)] },
    });
    expect(c).toEqual({
      operating: 870,
      retired: 7,
      unknown: 11,
      national: 45,
      nationalOperating: 36,
      nationalUnknown: 9,
      nationalDbs: 8,
    });
  });
  it('is null before the counts arrive and 0 for what no component has', () => {
    expect(statusCounts(undefined).operating).toBeNull();
    expect(statusCounts(undefined).nationalDbs).toBeNull();
    const none = statusCounts({ byScopeStatus: { groups: [] }, nationalKinds: { groups: [] } });
    expect(none.retired).toBe(0);
    expect(none.nationalDbs).toBe(0);
  });
});
