import { describe, expect, it } from 'vitest';
import { gapsCsvRows, sortGaps, type GapRow } from './conformanceGaps';

const n = (code: string, name = code, nameEn = `${code} (en)`) => ({ code, name, nameEn });
const row = (code: string, name: string, ...missing: string[]): GapRow => ({
  commune: n(code, name, name.replace('Xã', 'Commune')),
  province: n('HN'),
  missing: missing.map((m) => n(m, `Thành phần ${m}`, `Component ${m}`)),
});

describe('conformance gaps', () => {
  const rows = [row('X3', 'Xã Bình', 'A'), row('X1', 'Xã Ân', 'A', 'B'), row('X2', 'Xã Cần', 'C'), row('X4', 'Xã Ân', 'D')];
  const collate = (a: string, b: string) => a.localeCompare(b, 'vi');
  it('sorts most missing first, then by name and code; or by name', () => {
    expect(sortGaps(rows, false, collate, 'vi').map((r) => r.commune.code)).toEqual(['X1', 'X4', 'X3', 'X2']);
    expect(sortGaps(rows, true, collate, 'vi').map((r) => r.commune.code)).toEqual(['X1', 'X4', 'X3', 'X2']);
    expect(sortGaps([rows[2]!, rows[0]!], true, collate, 'vi').map((r) => r.commune.code)).toEqual(['X3', 'X2']);
  });
  it('exports one line per commune with what it misses, named in the page language', () => {
    const vi = gapsCsvRows([rows[1]!], 'vi');
    expect(vi).toEqual([['X1', 'Xã Ân', 'Commune Ân', 'HN', '2', 'A | B', 'Thành phần A | Thành phần B']]);
    expect(gapsCsvRows([rows[1]!], 'en')[0]?.[6]).toBe('Component A | Component B');
  });
});
