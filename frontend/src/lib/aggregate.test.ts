import { describe, expect, it } from 'vitest';
import { compareCodes, NONE, pivot } from './aggregate';

describe('pivot', () => {
  const groups = [
    { keys: [{ value: 'HN', name: 'Hà Nội' }, { value: 'OPERATING' }], count: 5 },
    { keys: [{ value: 'HN', name: 'Hà Nội' }, { value: 'PLANNED' }], count: 2 },
    { keys: [{ value: 'DN' }, { value: 'OPERATING' }], count: 9 },
    { keys: [{ value: null }, { value: null }], count: 1 },
  ];
  it('makes one row per first key with its parts and total, largest first', () => {
    const rows = pivot(groups);
    expect(rows.map((r) => r.key)).toEqual(['DN', 'HN', NONE]);
    expect(rows[1]).toEqual({ key: 'HN', name: 'Hà Nội', nameEn: null, total: 7, parts: { OPERATING: 5, PLANNED: 2 } });
    expect(rows[2]?.parts).toEqual({ [NONE]: 1 });
  });
  it('puts the keys of an order first, in that order', () => {
    expect(pivot(groups, ['HN']).map((r) => r.key)).toEqual(['HN', 'DN', NONE]);
  });
});

describe('compareCodes', () => {
  it('orders codes and years by code point, ties by code in pivot', () => {
    expect(['HA-NOI', 'HA-GIANG', 'HAGIANG', '2030', '2025', 'A1', 'A10', 'A2'].sort(compareCodes)).toEqual([
      '2025',
      '2030',
      'A1',
      'A10',
      'A2',
      'HA-GIANG',
      'HA-NOI',
      'HAGIANG',
    ]);
    expect(compareCodes('X', 'X')).toBe(0);
    const tied = [
      { keys: [{ value: 'QN' }], count: 3 },
      { keys: [{ value: 'BN' }], count: 3 },
      { keys: [{ value: 'HN' }], count: 3 },
    ];
    expect(pivot(tied).map((r) => r.key)).toEqual(['BN', 'HN', 'QN']);
  });
});
