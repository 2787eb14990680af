import { describe, expect, it } from 'vitest';
import {
  catalogHref,
  conformanceHref,
  duplicatesHref,
  hitHref,
  href,
  impactHref,
  matchRoute,
  parseCatalog,
  parseConformance,
  parseDuplicates,
  parseImpact,
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
    expect(href('/catalog', { q: '', a: null, b: undefined, c: false, d: [], e: ['X', 'Y'], f: 3 }, 'en')).toBe('/catalog?e=X%2CY&f=3&lang=en');
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
    expect(parseImpact(sp(''))).toEqual({ of: 'NDXP', depth: 3, dir: 'DEPENDENTS' });
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
    const s = { of: 'V-APEX', depth: 5, dir: 'DEPENDENCIES' } as const;
    const back = parseImpact(sp(impactHref(s, 'vi').split('?')[1] ?? ''));
    expect(back).toEqual(s);
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
});

describe('duplicates and conformance state', () => {
  it('sorts by count descending by default, platform ascending', () => {
    expect(parseDuplicates(sp(''))).toEqual({ sort: 'count', desc: true, open: null });
    expect(parseDuplicates(sp('sort=platform'))).toEqual({ sort: 'platform', desc: false, open: null });
    expect(parseDuplicates(sp('sort=provinces&dir=asc&open=NDXP'))).toEqual({ sort: 'provinces', desc: false, open: 'NDXP' });
    expect(duplicatesHref({ sort: 'count', desc: false, open: 'EID' }, 'en')).toBe('/duplicates?sort=count&dir=asc&open=EID&lang=en');
  });
  it('keeps province, group and commune', () => {
    const s = parseConformance(sp('province=HA-NOI&group=%C6%AFDCQS&commune=SYN-HA-NOI-X0001'));
    expect(s).toEqual({ province: 'HA-NOI', group: 'ƯDCQS', commune: 'SYN-HA-NOI-X0001' });
    expect(parseConformance(sp(conformanceHref(s, 'vi').split('?')[1] ?? ''))).toEqual(s);
    expect(parseConformance(sp(''))).toEqual({ province: null, group: null, commune: null });
  });
});
