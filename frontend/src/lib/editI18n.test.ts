import { describe, expect, it } from 'vitest';
import { EDIT_DICTIONARIES, EDIT_KEYS, te } from './editI18n';

describe('editing strings', () => {
  it('have both languages for every key, with the same placeholders', () => {
    const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const k of EDIT_KEYS) {
      expect(EDIT_DICTIONARIES.vi[k], k).toBeTruthy();
      expect([...new Set(holes(EDIT_DICTIONARIES.en[k]))], k).toEqual([...new Set(holes(EDIT_DICTIONARIES.vi[k]))]);
    }
  });

  it('say the effect of a save with the right plural', () => {
    expect(te('en', 'effectCommunes', { n: 1 })).toBe('commune');
    expect(te('en', 'effectCommunes', { n: 3 })).toBe('communes');
    expect(te('vi', 'effectCommunes', { n: 3 })).toBe('xã');
    const what = te('en', 'effectCommunes', { n: 3 });
    expect(te('en', 'effectMet', { n: 3, what, ref: 'ƯDCQS7', from: 'Missing', to: 'Provided by the province', list: 'X1, X2, X3' })).toBe(
      'This will make 3 communes conformant for ƯDCQS7 (Missing → Provided by the province): X1, X2, X3',
    );
    expect(te('en', 'effectDependents', { n: 1, all: 4, list: 'A' })).toBe('1 component depends on it directly (4 in all): A');
    expect(te('en', 'effectDependents', { n: 2, all: 4, list: 'A, B' })).toBe('2 components depend on it directly (4 in all): A, B');
    expect(te('vi', 'effectDependents', { n: 1200, all: 1500, list: 'A' })).toBe(
      '1.200 thành phần phụ thuộc trực tiếp (1.500 kể cả gián tiếp): A',
    );
  });
});
