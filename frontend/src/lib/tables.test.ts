import { describe, expect, it } from 'vitest';
import { distinctComponents, groupByPlatform, sortGroups, type DuplicateRow } from './duplicates';
import { heatColumns, heatRows, type RollupLike } from './heatmap';

const n = (code: string) => ({ code, name: code, nameEn: code });
const dup = (shared: string, comp: string, province: string | null, cap = 'CAP-X', cap2?: string): DuplicateRow => ({
  component: n(comp),
  agency: province ? n(`${province}-AG`) : null,
  province: province ? n(province) : null,
  capabilities: cap2 ? [n(cap), n(cap2)] : [n(cap)],
  shared: n(shared),
  evidence: `${comp} trùng lặp ${shared}`,
  evidenceEn: `${comp} duplicates ${shared}`,
  basis: 'INFERRED',
  confidence: 0.9,
  matchedTerms: ['x'],
});

describe('duplicates', () => {
  const rows = [
    dup('EID', 'A-EID', 'HN'),
    dup('EID', 'B-EID', 'HUE'),
    dup('EID', 'C-EID', 'HN', 'CAP-Y'),
    dup('NDXP', 'D-NDXP', 'HN', 'CAP-X', 'CAP-Z'),
    dup('NDOP', 'D-NDXP', 'HN', 'CAP-X', 'CAP-Z'),
    dup('AI', 'E-AI', null),
    dup('AI', 'F-AI', 'QN'),
  ];
  const groups = groupByPlatform(rows);
  const collate = (a: string, b: string) => a.localeCompare(b);
  it('groups by shared platform, counting provinces and capabilities', () => {
    const eid = groups.find((g) => g.shared.code === 'EID');
    expect(eid?.rows).toHaveLength(3);
    expect(eid?.provinces).toBe(2);
    expect(eid?.capabilities).toEqual(['CAP-X', 'CAP-Y']);
    expect(groups.find((g) => g.shared.code === 'AI')?.provinces).toBe(1);
  });
  it('counts components once, whatever they duplicate and however many capabilities they share', () => {
    const ndxp = groups.find((g) => g.shared.code === 'NDXP');
    expect(ndxp?.rows).toHaveLength(1);
    expect(ndxp?.capabilities).toEqual(['CAP-X', 'CAP-Z']);
    expect(distinctComponents(rows)).toBe(6);
  });
  it('sorts by count, provinces or platform, ties by code', () => {
    expect(sortGroups(groups, 'count', true, collate).map((g) => g.shared.code)).toEqual(['EID', 'AI', 'NDOP', 'NDXP']);
    expect(sortGroups(groups, 'count', false, collate).map((g) => g.shared.code)).toEqual(['NDOP', 'NDXP', 'AI', 'EID']);
    expect(sortGroups(groups, 'platform', false, collate).map((g) => g.shared.code)).toEqual(['AI', 'EID', 'NDOP', 'NDXP']);
    // EID has 2 provinces; AI, NDOP and NDXP 1 each: their tie stays in code order.
    expect(sortGroups(groups, 'provinces', true, collate).map((g) => g.shared.code)).toEqual(['EID', 'AI', 'NDOP', 'NDXP']);
  });
});

const tally = (score: number, applicable = 10) => ({ applicable, realized: 0, exploited: 0, missing: 0, score });
const rollup = (code: string | null, groups: [string, number, number?][]): RollupLike => ({
  agency: code ? n(code) : null,
  communes: 3,
  tally: tally(0.5),
  byGroup: groups.map(([g, s, a]) => ({ groupCode: g, tally: tally(s, a ?? 10) })),
});

describe('heatmap', () => {
  it('orders the columns as the groups are ordered, unknown ones last', () => {
    const r = [rollup('HN', [['DL', 0.9], ['HTS', 0.8], ['ZZ', 1]]), rollup('HUE', [['ANM', 0.7]])];
    expect(heatColumns(r, ['HTS', 'ANM', 'DL', 'NTL'])).toEqual(['HTS', 'ANM', 'DL', 'ZZ']);
  });
  it('gives one cell per column, empty where the group does not apply', () => {
    const r = [rollup('HN', [['DL', 0.9], ['HTS', 0, 0]]), rollup(null, [])];
    const rows = heatRows(r, ['HTS', 'DL', 'ANM']);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.cells.map((c) => c.score)).toEqual([null, 0.9, null]);
    expect(rows[0]?.code).toBe('HN');
  });
});
