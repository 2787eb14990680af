import { describe, expect, it } from 'vitest';
import {
  cursorOffset,
  addDays,
  asOfProblem,
  asOfVars,
  catalogHref,
  conformanceHref,
  duplicatesHref,
  hitHref,
  href,
  impactHref,
  isDate,
  matchRoute,
  parseCatalog,
  parseConformance,
  parseAsOf,
  parseDuplicates,
  parseImpact,
  IMPACT_DEFAULTS,
  type ImpactState,
  vietnamToday,
  withLang,
} from './url';

const sp = (s: string) => new URLSearchParams(s);

describe('matchRoute', () => {
  it('maps every page', () => {
    expect(matchRoute('/')).toEqual({ name: 'overview' });
    expect(matchRoute('/catalog')).toEqual({ name: 'catalog' });
    expect(matchRoute('/catalog/')).toEqual({ name: 'catalog' });
    expect(matchRoute('/impact')).toEqual({ name: 'impact' });
    expect(matchRoute('/duplicates')).toEqual({ name: 'duplicates' });
    expect(matchRoute('/conformance')).toEqual({ name: 'conformance' });
    expect(matchRoute('/component/NDXP')).toEqual({ name: 'component', code: 'NDXP' });
    expect(matchRoute('/agency/HA-NOI')).toEqual({ name: 'agency', code: 'HA-NOI' });
    expect(matchRoute('/node/abc-123')).toEqual({ name: 'node', id: 'abc-123' });
  });
  it('decodes Vietnamese codes', () => {
    expect(matchRoute(`/reference/${encodeURIComponent('ƯDCQS7')}`)).toEqual({ name: 'reference', code: 'ƯDCQS7' });
  });
  it('sends anything else to notFound, including broken escapes', () => {
    expect(matchRoute('/nope')).toEqual({ name: 'notFound', path: '/nope' });
    expect(matchRoute('/component/a/b')).toEqual({ name: 'notFound', path: '/component/a/b' });
    expect(matchRoute('/component/%E0%A4%A')).toEqual({ name: 'notFound', path: '/component/%E0%A4%A' });
  });
});

describe('href', () => {
  it('drops empty values, joins lists and keeps lang=en', () => {
    expect(href('/catalog', { q: '', a: null, b: undefined, c: false, d: [], e: ['X', 'Y'], f: 3 }, 'en')).toBe(
      '/catalog?e=X%2CY&f=3&lang=en',
    );
    expect(href('/', {}, 'vi')).toBe('/');
  });
  it('switches language on any address', () => {
    expect(withLang('/impact?of=NDXP&depth=3', 'en')).toBe('/impact?of=NDXP&depth=3&lang=en');
    expect(withLang('/impact?of=NDXP&lang=en', 'vi')).toBe('/impact?of=NDXP');
    expect(withLang('/', 'en')).toBe('/?lang=en');
  });
  it('routes search hits by label', () => {
    expect(hitHref({ id: 'i', code: 'HA-NOI', label: 'Agency' }, 'vi')).toBe('/agency/HA-NOI');
    expect(hitHref({ id: 'i', code: 'NDXP', label: 'Component' }, 'en')).toBe('/component/NDXP?lang=en');
    expect(hitHref({ id: 'i', code: 'ƯDCQS7', label: 'ReferenceComponent' }, 'vi')).toBe('/reference/%C6%AFDCQS7');
    expect(hitHref({ id: 'uuid-1', code: 'L1', label: 'Layer' }, 'vi')).toBe('/node/uuid-1');
  });
});

describe('impact state', () => {
  it('has defaults: NDXP, depth 3, dependents', () => {
    expect(parseImpact(sp(''))).toEqual(IMPACT_DEFAULTS);
  });
  it('clamps the depth to 1..10 and ignores junk', () => {
    expect(parseImpact(sp('depth=0')).depth).toBe(1);
    expect(parseImpact(sp('depth=99')).depth).toBe(10);
    expect(parseImpact(sp('depth=abc')).depth).toBe(3);
    expect(parseImpact(sp('dir=SIDEWAYS')).dir).toBe('DEPENDENTS');
  });
  it('round-trips through the URL (the shared example address)', () => {
    const url = impactHref({ of: 'NDXP', depth: 3, dir: 'DEPENDENTS' }, 'en');
    expect(url).toBe('/impact?of=NDXP&depth=3&lang=en');
    const s: ImpactState = { ...IMPACT_DEFAULTS, of: 'V-APEX', depth: 5, dir: 'DEPENDENCIES' };
    const back = parseImpact(sp(impactHref(s, 'vi').split('?')[1] ?? ''));
    expect(back).toEqual(s);
    // The drill-down and the view travel in the URL too.
    const drilled: ImpactState = {
      ...s,
      by: 'LAYER',
      layer: 'L2',
      level: ['CENTRAL', 'MINISTRY'],
      province: 'HA-NOI',
      owner: 'X',
      list: true,
      view: 'table',
      after: 'bzoxMDA',
    };
    expect(parseImpact(sp(impactHref(drilled, 'vi').split('?')[1] ?? ''))).toEqual(drilled);
  });
});

describe('catalog state', () => {
  it('parses lists against the enums, dropping unknown and repeated values', () => {
    const s = parseCatalog(sp('scope=PROVINCE,BOGUS,PROVINCE,COMMUNE&status=OPERATING&tab=agencies&level=COMMUNE&synthetic=false'));
    expect(s.scope).toEqual(['PROVINCE', 'COMMUNE']);
    expect(s.status).toEqual(['OPERATING']);
    expect(s.tab).toBe('agencies');
    expect(s.level).toEqual(['COMMUNE']);
    expect(s.synthetic).toBe(false);
  });
  it('round-trips', () => {
    const s = parseCatalog(sp('q=ha%20noi&layer=L2&group=DL&scope=NATIONAL&kind=DATABASE&province=HA-NOI&area=RURAL&after=abc'));
    expect(parseCatalog(sp(catalogHref(s, 'vi').split('?')[1] ?? ''))).toEqual(s);
    expect(s.q).toBe('ha noi');
    expect(s.areaType).toBe('RURAL');
  });
  it('leaves the default tab out of the address', () => {
    expect(catalogHref({ tab: 'components', layer: 'L1' }, 'vi')).toBe('/catalog?layer=L1');
  });
  it("keeps a reference component's keyset cursor whole (~300 characters)", () => {
    // the longest cursor of the seeded references (their framework, group, source, code and id)
    const keys =
      '["KTTS-TINH","TINH-CQS","L515 (Phụ lục 3 c); L704 (4.5.1.1 b ƯDCQS4: Quản lý công việc, Hệ thống báo cáo, Họp trực tuyến)","TINH-SUPPORT-APPS","efb17d3e-405e-5768-9c86-0a21de6f830a"]';
    const bytes = new TextEncoder().encode('k::' + keys);
    const cursor = btoa(String.fromCharCode(...bytes))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '');
    expect(cursor.length).toBeGreaterThan(200);
    const s = parseCatalog(sp('tab=references&after=' + encodeURIComponent(cursor)));
    expect(s.after).toBe(cursor);
    expect(parseCatalog(sp(catalogHref(s, 'vi').split('?')[1] ?? '')).after).toBe(cursor);
  });
});

describe('duplicates and conformance state', () => {
  it('sorts by confidence descending by default, component ascending; keeps the filters', () => {
    expect(parseDuplicates(sp(''))).toEqual({ sort: 'confidence', desc: true, open: null, asOf: null });
    expect(parseDuplicates(sp('sort=component'))).toEqual({ sort: 'component', desc: false, open: null, asOf: null });
    // An address of the former platform table (sort=count) falls back to the default.
    expect(parseDuplicates(sp('sort=count'))).toEqual({ sort: 'confidence', desc: true, open: null, asOf: null });
    expect(parseDuplicates(sp('sort=province&dir=asc&open=X1&platform=NDXP&province=HUE&review=DISMISSED&page=3'))).toEqual({
      sort: 'province',
      desc: false,
      open: 'X1',
      asOf: null,
      platform: 'NDXP',
      province: 'HUE',
      review: 'DISMISSED',
      page: 3,
    });
    expect(parseDuplicates(sp('review=NOPE&page=0'))).toEqual({ sort: 'confidence', desc: true, open: null, asOf: null });
    expect(duplicatesHref({ sort: 'confidence', desc: false, open: 'EID', asOf: null, platform: 'EID', page: 1 }, 'en')).toBe(
      '/duplicates?platform=EID&sort=confidence&dir=asc&open=EID&lang=en',
    );
  });
  it('keeps province, group and commune', () => {
    const s = parseConformance(sp('province=HA-NOI&group=%C6%AFDCQS&commune=SYN-HA-NOI-X0001'));
    expect(s).toEqual({ province: 'HA-NOI', group: 'ƯDCQS', commune: 'SYN-HA-NOI-X0001', asOf: null });
    expect(parseConformance(sp(conformanceHref(s, 'vi').split('?')[1] ?? ''))).toEqual(s);
    expect(parseConformance(sp(''))).toEqual({ province: null, group: null, commune: null, asOf: null });
  });
});

describe('as of (valid time)', () => {
  it('knows a calendar day written YYYY-MM-DD from anything else', () => {
    for (const d of ['2026-11-27', '2024-02-29', '2000-02-29', '1900-01-01', '2026-12-31']) expect(isDate(d), d).toBe(true);
    for (const d of [
      '2026-02-30',
      '2025-02-29',
      '1900-02-29',
      '2026-13-01',
      '2026-00-10',
      '2026-11-00',
      '2026-11-31',
      '26-11-27',
      '2026-1-27',
      '2026/11/27',
      '27/11/2026',
      '2026-11-27T00:00',
      ' 2026-11-27',
      'yesterday',
      '',
    ])
      expect(isDate(d), d).toBe(false);
  });
  it("counts today in Vietnam's time (UTC+7), not the browser's", () => {
    expect(vietnamToday(new Date('2026-11-27T16:59:59Z'))).toBe('2026-11-27');
    expect(vietnamToday(new Date('2026-11-27T17:00:00Z'))).toBe('2026-11-28');
    expect(vietnamToday(new Date('2026-12-31T18:30:00Z'))).toBe('2027-01-01');
    expect(vietnamToday(new Date('2026-11-26T23:00:00-05:00'))).toBe('2026-11-27');
  });
  it('moves days across months, years and leap days', () => {
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-11-27', 0)).toBe('2026-11-27');
    expect(() => addDays('2026-02-30', 1)).toThrow(/not a date/);
  });
  it('says what is wrong with a day: not one, or after today', () => {
    const today = '2026-11-27';
    expect(asOfProblem('2026-11-27', today)).toBeNull();
    expect(asOfProblem('2020-01-01', today)).toBeNull();
    expect(asOfProblem('2026-11-28', today)).toBe('future');
    expect(asOfProblem('2026-12-01', today)).toBe('future');
    expect(asOfProblem('2026-02-30', today)).toBe('format');
    expect(asOfProblem('now', today)).toBe('format');
  });
  it('reads ?asOf= as given (the API judges it), absent or blank as now', () => {
    expect(parseAsOf(sp(''))).toBeNull();
    expect(parseAsOf(sp('asOf='))).toBeNull();
    expect(parseAsOf(sp('asOf=%20%20'))).toBeNull();
    expect(parseAsOf(sp('asOf=2026-10-28'))).toBe('2026-10-28');
    expect(parseAsOf(sp('asOf=%202026-10-28%20'))).toBe('2026-10-28');
    expect(parseAsOf(sp('asOf=2026-02-30'))).toBe('2026-02-30');
    expect(parseAsOf(sp('asof=2026-10-28'))).toBeNull();
  });
  it('leaves the variable out for now, never sends null', () => {
    expect(asOfVars(null)).toEqual({});
    expect('asOf' in asOfVars(null)).toBe(false);
    expect(asOfVars('2026-10-28')).toEqual({ asOf: '2026-10-28' });
  });
  it('keeps the day in every analysis address, and leaves it out for now', () => {
    expect(impactHref({ of: 'NDXP', depth: 3, dir: 'DEPENDENTS', asOf: '2026-10-28' }, 'en')).toBe(
      '/impact?of=NDXP&depth=3&asOf=2026-10-28&lang=en',
    );
    expect(impactHref({ of: 'NDXP', depth: 3, dir: 'DEPENDENTS', asOf: null }, 'vi')).toBe('/impact?of=NDXP&depth=3');
    expect(impactHref({ of: 'NDXP', depth: 3, dir: 'DEPENDENTS' }, 'vi')).toBe('/impact?of=NDXP&depth=3');
    expect(parseImpact(sp('of=EID&depth=2&asOf=2026-10-28'))).toEqual({
      ...IMPACT_DEFAULTS,
      of: 'EID',
      depth: 2,
      dir: 'DEPENDENTS',
      asOf: '2026-10-28',
    });
    const i: ImpactState = { ...IMPACT_DEFAULTS, of: 'V-APEX', depth: 5, dir: 'DEPENDENCIES', asOf: '2026-11-01' };
    expect(parseImpact(sp(impactHref(i, 'vi').split('?')[1] ?? ''))).toEqual(i);

    const d = { sort: 'province', desc: false, open: 'NDXP', asOf: '2026-11-01' } as const;
    expect(duplicatesHref(d, 'vi')).toBe('/duplicates?sort=province&dir=asc&open=NDXP&asOf=2026-11-01');
    expect(parseDuplicates(sp(duplicatesHref(d, 'vi').split('?')[1] ?? ''))).toEqual(d);

    const c = { province: 'HA-NOI', group: null, commune: null, asOf: '2026-11-01' };
    expect(conformanceHref(c, 'en')).toBe('/conformance?province=HA-NOI&asOf=2026-11-01&lang=en');
    expect(parseConformance(sp(conformanceHref(c, 'vi').split('?')[1] ?? ''))).toEqual(c);
    expect(conformanceHref({ asOf: '2026-11-01' }, 'vi')).toBe('/conformance?asOf=2026-11-01');
  });
  it('keeps a value that is not a day, so that the page shows the API saying why', () => {
    expect(parseImpact(sp('asOf=2026-13-01')).asOf).toBe('2026-13-01');
    expect(impactHref(parseImpact(sp('of=NDXP&asOf=yesterday')), 'vi')).toBe('/impact?of=NDXP&depth=3&asOf=yesterday');
  });
});

describe('cursorOffset', () => {
  it('reads where the page after an offset cursor starts', () => {
    const c = (n: number) => btoa(`o:${n}`).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
    expect(cursorOffset('')).toBe(0);
    expect(cursorOffset(c(49))).toBe(50);
    expect(cursorOffset(c(0))).toBe(1);
    expect(cursorOffset('bm9wZQ')).toBe(0); // "nope"
    expect(cursorOffset('%%%')).toBe(0);
  });
});
