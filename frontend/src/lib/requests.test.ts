import { describe, expect, it } from 'vitest';
import { componentsVars, duplicationVars, impactViewVars, nationVars, provinceGapsVars, roadmapVars, searchVars } from './requests';
import { parseCatalog, parseConformance, parseDuplicates, parseImpact } from './url';

const sp = (s: string) => new URLSearchParams(s);
// The query cache (and prefetch.ts's requests) key a request by the JSON of its variables.
const key = (v: unknown) => JSON.stringify(v);

describe('request variables', () => {
  it('are the same for the same view, whatever the order of the URL parameters', () => {
    expect(key(componentsVars(parseCatalog(sp('layer=L4&status=OPERATING&province=HA-NOI'))))).toBe(
      key(componentsVars(parseCatalog(sp('province=HA-NOI&status=OPERATING&layer=L4&lang=en')))),
    );
    expect(key(impactViewVars(parseImpact(sp('of=NDXP&depth=3&province=HA-NOI'))))).toBe(
      key(impactViewVars(parseImpact(sp('province=HA-NOI&depth=3&of=NDXP')))),
    );
    expect(key(duplicationVars(parseDuplicates(sp('basis=DECLARED&province=HA-NOI&sort=confidence'))))).toBe(
      key(duplicationVars(parseDuplicates(sp('province=HA-NOI&basis=DECLARED')))),
    );
  });

  it('leave out what the URL does not set', () => {
    expect(componentsVars(parseCatalog(sp('')))).toEqual({
      first: 50,
      after: null,
      filter: { layer: null, group: null, scope: null, status: null, kind: null, province: null, synthetic: null },
    });
    expect(duplicationVars(parseDuplicates(sp('')))).toEqual({});
    expect(nationVars(parseConformance(sp('')))).toEqual({ framework: 'KTTS-XA' });
    expect(nationVars(parseConformance(sp('asOf=2026-01-05')))).toEqual({ framework: 'KTTS-XA', asOf: '2026-01-05' });
    expect(provinceGapsVars('HA-NOI', null, null)).toEqual({ province: 'HA-NOI', first: 5000 });
    expect(provinceGapsVars('HA-NOI', 'ANM', '2026-01-05')).toEqual({ province: 'HA-NOI', group: 'ANM', asOf: '2026-01-05', first: 5000 });
    expect(searchVars(parseCatalog(sp('q=vapex')))).toEqual({ text: 'vapex', first: 50, after: null });
  });

  it('ask an impact view for groups until the drill-down reaches components', () => {
    const top = impactViewVars(parseImpact(sp('of=V-APEX&depth=3')));
    expect(top).toMatchObject({ of: 'V-APEX', depth: 3, grouped: true, groups: 60, first: 100 });
    expect(top).not.toHaveProperty('after');
    const listed = impactViewVars(parseImpact(sp('of=V-APEX&depth=3&list=1&after=abc')));
    expect(listed).toMatchObject({ grouped: false, after: 'abc' });
    expect(impactViewVars(parseImpact(sp('of=V-APEX')), { groups: 500 }).groups).toBe(500);
  });

  it('ask the roadmap for the current year', () => {
    expect(roadmapVars(new Date('2027-03-01T00:00:00Z'))).toEqual({ year: 2027 });
  });
});
