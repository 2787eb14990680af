import { describe, expect, it } from 'vitest';
import { filterWorklist, platformsOf, sortWorklist, worklistCsvRows, type WorkFinding, type WorkRow } from './duplicates';
import { heatColumns, heatRows, type RollupLike } from './heatmap';

const n = (code: string) => ({ code, name: code, nameEn: code });
const finding = (shared: string, confidence = 0.9, cap = 'CAP-X'): WorkFinding => ({
  shared: n(shared),
  capabilities: [n(cap)],
  basis: 'INFERRED',
  confidence,
  matchedTerms: ['x'],
  review: 'UNREVIEWED',
  evidence: `trùng lặp ${shared}`,
  evidenceEn: `duplicates ${shared}`,
});
const row = (comp: string, province: string | null, ...findings: WorkFinding[]): WorkRow => ({
  component: n(comp),
  agency: province ? n(`${province}-AG`) : null,
  province: province ? n(province) : null,
  confidence: Math.max(...findings.map((f) => f.confidence)),
  basis: 'INFERRED',
  findings,
});

describe('duplication worklist', () => {
  const rows = [
    row('A', 'HN', finding('EID', 0.7)),
    row('B', 'HUE', finding('EID', 0.95), finding('NDXP', 0.6)),
    row('C', 'HN', finding('NDOP', 0.8)),
    row('D', null, finding('AI', 1), finding('EID', 0.65)),
  ];
  const collate = (a: string, b: string) => a.localeCompare(b);
  it('counts components and platforms, not pairs', () => {
    expect(rows).toHaveLength(4);
    expect(platformsOf(rows)).toBe(4);
    expect(platformsOf(filterWorklist(rows, 'EID'))).toBe(1);
  });
  it('filters by platform, keeping only that finding and its confidence', () => {
    const eid = filterWorklist(rows, 'EID');
    expect(eid.map((r) => r.component.code)).toEqual(['A', 'B', 'D']);
    expect(eid.find((r) => r.component.code === 'D')?.confidence).toBe(0.65);
    expect(eid.every((r) => r.findings.length === 1)).toBe(true);
    expect(filterWorklist(rows, 'NOPE')).toEqual([]);
    expect(filterWorklist(rows, null)).toHaveLength(4);
  });
  it('sorts by confidence, platforms, province or component, ties by code', () => {
    expect(sortWorklist(rows, 'confidence', true, collate, 'vi').map((r) => r.component.code)).toEqual(['D', 'B', 'C', 'A']);
    expect(sortWorklist(rows, 'platforms', true, collate, 'vi').map((r) => r.component.code)).toEqual(['B', 'D', 'A', 'C']);
    expect(sortWorklist(rows, 'province', false, collate, 'vi').map((r) => r.component.code)).toEqual(['D', 'A', 'C', 'B']);
    expect(sortWorklist(rows, 'component', true, collate, 'en').map((r) => r.component.code)).toEqual(['D', 'C', 'B', 'A']);
  });
  it('exports one line per row shown, evidence in the page language', () => {
    const eid = filterWorklist(rows, 'EID');
    const vi = worklistCsvRows(eid, 'vi');
    expect(vi).toHaveLength(3);
    expect(vi[1]?.[5]).toBe('EID');
    expect(vi[1]?.[11]).toBe('trùng lặp EID');
    expect(worklistCsvRows(rows, 'en')[1]?.[5]).toBe('EID | NDXP');
    expect(worklistCsvRows(rows, 'en')[1]?.[11]).toBe('duplicates EID | duplicates NDXP');
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
    const r = [
      rollup('HN', [
        ['DL', 0.9],
        ['HTS', 0.8],
        ['ZZ', 1],
      ]),
      rollup('HUE', [['ANM', 0.7]]),
    ];
    expect(heatColumns(r, ['HTS', 'ANM', 'DL', 'NTL'])).toEqual(['HTS', 'ANM', 'DL', 'ZZ']);
  });
  it('gives one cell per column, empty where the group does not apply', () => {
    const r = [
      rollup('HN', [
        ['DL', 0.9],
        ['HTS', 0, 0],
      ]),
      rollup(null, []),
    ];
    const rows = heatRows(r, ['HTS', 'DL', 'ANM']);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.cells.map((c) => c.score)).toEqual([null, 0.9, null]);
    expect(rows[0]?.code).toBe('HN');
  });
});
