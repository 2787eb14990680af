import { describe, expect, it } from 'vitest';
import { historyGroups, validOnNoDay, type VersionFields } from './history';

const base: VersionFields = {
  id: 'c1',
  code: 'SYS',
  name: 'Hệ thống cũ',
  nameEn: 'Old system',
  kind: 'APPLICATION',
  scope: 'PROVINCE',
  status: 'BUILDING',
  dueYear: 2026,
  exposesApi: false,
  validFrom: '2026-10-01',
  validTo: null,
  versionFrom: null,
};
const v = (p: Partial<VersionFields>): VersionFields => ({ ...base, ...p });

describe('historyGroups', () => {
  it('dates each version until the next one began, the current one until now', () => {
    // As componentVersions lists them: earlier versions carry their first day in versionFrom.
    // Earlier versions have ids of their own: the component's id, "@", the day they ended.
    const g = historyGroups([
      v({ id: 'c1@2026-11-10', versionFrom: '2026-10-01' }),
      v({ id: 'c1@2026-11-27', versionFrom: '2026-11-10', status: 'OPERATING' }),
      v({ versionFrom: '2026-11-27', name: 'Hệ thống mới', nameEn: 'New system', status: 'OPERATING' }),
    ]);
    expect(g).toHaveLength(1);
    const [only] = g;
    expect(only?.id).toBe('c1');
    expect(only?.validTo).toBeNull();
    expect(only?.rows.map((r) => [r.from, r.until, r.current])).toEqual([
      ['2026-10-01', '2026-11-10', false],
      ['2026-11-10', '2026-11-27', false],
      ['2026-11-27', null, true],
    ]);
    expect(only?.rows.map((r) => r.changed)).toEqual([[], ['status'], ['name', 'nameEn']]);
  });

  it('starts a never-updated component at validFrom, or before records began', () => {
    expect(historyGroups([v({})])[0]?.rows[0]).toMatchObject({ from: '2026-10-01', until: null, current: true });
    expect(historyGroups([v({ validFrom: null })])[0]?.rows[0]).toMatchObject({ from: null, until: null, current: true });
  });

  it('ends a retired component on its retirement day, and none of its versions is current', () => {
    const [g] = historyGroups([
      v({ id: 'c1@2026-11-20', versionFrom: '2026-10-01', validTo: '2026-11-27' }),
      v({ versionFrom: '2026-11-20', validTo: '2026-11-27', dueYear: null, exposesApi: true }),
    ]);
    expect(g?.validTo).toBe('2026-11-27');
    expect(g?.rows.map((r) => [r.from, r.until, r.current])).toEqual([
      ['2026-10-01', '2026-11-20', false],
      ['2026-11-20', '2026-11-27', false],
    ]);
    expect(g?.rows[1]?.changed).toEqual(['exposesApi', 'dueYear']);
  });

  it('gives each component that had a reused code its own group, in the API order', () => {
    const gs = historyGroups([
      v({ id: 'old', validFrom: '2025-01-01', validTo: '2026-01-01' }),
      v({ id: 'new@2026-06-01', validFrom: '2026-02-01', versionFrom: '2026-02-01' }),
      v({ id: 'new', validFrom: '2026-02-01', versionFrom: '2026-06-01', scope: 'COMMUNE' }),
    ]);
    expect(gs.map((g) => [g.id, g.validFrom, g.validTo, g.rows.length])).toEqual([
      ['old', '2025-01-01', '2026-01-01', 1],
      ['new', '2026-02-01', null, 2],
    ]);
    expect(gs[0]?.rows[0]).toMatchObject({ from: '2025-01-01', until: '2026-01-01', current: false, changed: [] });
    expect(gs[1]?.rows[1]).toMatchObject({ from: '2026-06-01', until: null, current: true, changed: ['scope'] });
  });

  it('treats a missing and a null value alike', () => {
    const [g] = historyGroups([v({ versionFrom: '2026-10-01', dueYear: null }), v({ versionFrom: '2026-11-01', dueYear: undefined })]);
    expect(g?.rows[1]?.changed).toEqual([]);
  });

  it('is empty for no versions', () => {
    expect(historyGroups([])).toEqual([]);
  });
});

describe('validOnNoDay', () => {
  it('flags a version that ended the day it began', () => {
    expect(validOnNoDay({ from: '2026-11-27', until: '2026-11-27' })).toBe(true);
    expect(validOnNoDay({ from: '2026-11-26', until: '2026-11-27' })).toBe(false);
    expect(validOnNoDay({ from: '2026-11-27', until: null })).toBe(false);
    expect(validOnNoDay({ from: null, until: '2026-11-27' })).toBe(false);
  });
});
