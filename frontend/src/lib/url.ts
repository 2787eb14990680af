// Everything a view shows is in its URL, so that a view can be shared: the route in the path,
// its state in the query string. This module is pure: it parses and builds, the router
// (router.tsx) talks to the browser.

import { parseLang, type Lang } from './i18n';
import {
  AGENCY_LEVELS,
  AREA_TYPES,
  COMPONENT_KINDS,
  SCOPES,
  STATUSES,
  TIERS,
  type AgencyLevel,
  type AreaType,
  type ComponentKind,
  type Scope,
  type Status,
  type Tier,
} from './enums';

export type Route =
  | { name: 'overview' }
  | { name: 'catalog' }
  | { name: 'component'; code: string }
  | { name: 'agency'; code: string }
  | { name: 'reference'; code: string }
  | { name: 'node'; id: string }
  | { name: 'impact' }
  | { name: 'duplicates' }
  | { name: 'conformance' }
  | { name: 'roadmap' }
  | { name: 'signIn' }
  | { name: 'newComponent' }
  | { name: 'myAgency' }
  | { name: 'upload' }
  | { name: 'editComponent'; code: string }
  | { name: 'notFound'; path: string };

function decode(seg: string): string | null {
  try {
    return decodeURIComponent(seg);
  } catch {
    return null;
  }
}

/** matchRoute maps a pathname to a route; unknown paths are notFound. */
export function matchRoute(pathname: string): Route {
  const p = pathname.replace(/\/+$/, '') || '/';
  if (p === '/') return { name: 'overview' };
  const parts = p.split('/').slice(1);
  const [head, arg, ...rest] = parts;
  if (rest.length === 0 && arg === undefined) {
    switch (head) {
      case 'catalog':
        return { name: 'catalog' };
      case 'impact':
        return { name: 'impact' };
      case 'duplicates':
        return { name: 'duplicates' };
      case 'conformance':
        return { name: 'conformance' };
      case 'roadmap':
        return { name: 'roadmap' };
      case 'signin':
        return { name: 'signIn' };
      case 'new-component':
        return { name: 'newComponent' };
      case 'my-agency':
        return { name: 'myAgency' };
      case 'upload':
        return { name: 'upload' };
    }
  }
  if (head === 'component' && arg !== undefined && rest.length === 1 && rest[0] === 'edit') {
    const v = decode(arg);
    if (v) return { name: 'editComponent', code: v };
  }
  if (rest.length === 0 && arg !== undefined) {
    const v = decode(arg);
    if (v) {
      switch (head) {
        case 'component':
          return { name: 'component', code: v };
        case 'agency':
          return { name: 'agency', code: v };
        case 'reference':
          return { name: 'reference', code: v };
        case 'node':
          return { name: 'node', id: v };
      }
    }
  }
  return { name: 'notFound', path: pathname };
}

export type Params = Record<string, string | number | boolean | readonly string[] | null | undefined>;

/**
 * href builds an in-app address: empty, null, false and empty-list parameters are left out,
 * lists are comma-joined, and lang=en is kept so that links stay in the reader's language.
 */
export function href(path: string, params: Params = {}, lang: Lang = 'vi'): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '' || v === false) continue;
    if (Array.isArray(v)) {
      if (v.length > 0) sp.set(k, v.join(','));
      continue;
    }
    sp.set(k, String(v));
  }
  if (lang === 'en') sp.set('lang', 'en');
  const qs = sp.toString();
  return qs ? `${path}?${qs}` : path;
}

export const componentHref = (code: string, lang: Lang) => href(`/component/${encodeURIComponent(code)}`, {}, lang);
export const agencyHref = (code: string, lang: Lang) => href(`/agency/${encodeURIComponent(code)}`, {}, lang);
export const referenceHref = (code: string, lang: Lang) => href(`/reference/${encodeURIComponent(code)}`, {}, lang);
export const editHref = (code: string, lang: Lang) => href(`/component/${encodeURIComponent(code)}/edit`, {}, lang);
export const nodeHref = (id: string, lang: Lang) => href(`/node/${encodeURIComponent(id)}`, {}, lang);

/** cursorOffset is how many rows come before the page that starts after an offset cursor of the
 * API ("o:N" in base64url: the page starts at N+1); 0 for no cursor or one of another kind. */
export function cursorOffset(after: string): number {
  if (!after) return 0;
  try {
    const raw = atob(after.replace(/-/g, '+').replace(/_/g, '/'));
    const m = /^o:(\d{1,7})$/.exec(raw);
    return m ? Number(m[1]) + 1 : 0;
  } catch {
    return 0;
  }
}

/** hitHref is where a search hit leads, by its label. */
export function hitHref(hit: { id: string; code: string; label: string }, lang: Lang): string {
  switch (hit.label) {
    case 'Component':
      return componentHref(hit.code, lang);
    case 'Agency':
      return agencyHref(hit.code, lang);
    case 'ReferenceComponent':
      return referenceHref(hit.code, lang);
    default:
      return nodeHref(hit.id, lang);
  }
}

/** withLang returns the same address in another language. */
export function withLang(pathAndQuery: string, lang: Lang): string {
  const [path = '/', query = ''] = pathAndQuery.split('?', 2);
  const sp = new URLSearchParams(query);
  if (lang === 'en') sp.set('lang', 'en');
  else sp.delete('lang');
  const qs = sp.toString();
  return qs ? `${path}?${qs}` : path;
}

export function langOf(sp: URLSearchParams): Lang {
  return parseLang(sp.get('lang'));
}

function list<T extends string>(sp: URLSearchParams, key: string, allowed: readonly T[]): T[] {
  const raw = sp.get(key);
  if (!raw) return [];
  const out: T[] = [];
  for (const v of raw.split(',')) {
    const x = allowed.find((a) => a === v.trim());
    if (x && !out.includes(x)) out.push(x);
  }
  return out;
}

function one<T extends string>(sp: URLSearchParams, key: string, allowed: readonly T[]): T | null {
  const v = sp.get(key);
  return allowed.find((a) => a === v) ?? null;
}

function text(sp: URLSearchParams, key: string, max = 200): string {
  return (sp.get(key) ?? '').trim().slice(0, max);
}

function bool(sp: URLSearchParams, key: string): boolean | null {
  const v = sp.get(key);
  return v === 'true' ? true : v === 'false' ? false : null;
}

// ---- as of (valid time) ----

// The analysis views can show the model as it was on an earlier day: ?asOf=YYYY-MM-DD (Vietnam's
// calendar day, not after today), passed to the API as the `asOf` argument; absent: now. The
// value is kept as given, so that the API — the one authority on days — says what is wrong with
// one that is not a day or is after today, through the page's error display; the control and the
// banner use isDate / asOfProblem to show only what is a valid day.

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** isDate: s is a calendar day written YYYY-MM-DD (2026-02-30 is not). */
export function isDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]) - 1;
  const d = Number(m[3]);
  const t = new Date(0);
  t.setUTCFullYear(y, mo, d);
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo && t.getUTCDate() === d;
}

/** VIETNAM_OFFSET_MS: Vietnam is UTC+7 all year (no daylight saving time), as the API counts days. */
const VIETNAM_OFFSET_MS = 7 * 3600 * 1000;

/** vietnamToday is the calendar day in Vietnam at `now`, YYYY-MM-DD: the latest day asOf may be. */
export function vietnamToday(now: Date = new Date()): string {
  return new Date(now.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

/** addDays moves a YYYY-MM-DD day by n days (n may be negative). */
export function addDays(day: string, n: number): string {
  if (!isDate(day)) throw new Error(`addDays: ${JSON.stringify(day)} is not a date of the form YYYY-MM-DD`);
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const t = new Date(0);
  t.setUTCFullYear(y, m - 1, d + n);
  return t.toISOString().slice(0, 10);
}

export type AsOfProblem = 'format' | 'future';

/** asOfProblem says what is wrong with an asOf value (null: a day, not after today). */
export function asOfProblem(asOf: string, today: string): AsOfProblem | null {
  if (!isDate(asOf)) return 'format';
  return asOf > today ? 'future' : null;
}

/** parseAsOf reads ?asOf=: null when absent or blank (now), otherwise the value as given (trimmed). */
export function parseAsOf(sp: URLSearchParams): string | null {
  return text(sp, 'asOf', 40) || null;
}

/** asOfVars is the `asOf` variable of a query: left out for now (null), never sent as null. */
export function asOfVars(asOf: string | null): { asOf?: string } {
  return asOf ? { asOf } : {};
}

// ---- impact ----

export type ImpactDirection = 'DEPENDENTS' | 'DEPENDENCIES';
export const MAX_DEPTH = 10;
export type ImpactGroupBy = 'PROVINCE' | 'LAYER' | 'LEVEL';
export const IMPACT_GROUP_BY: readonly ImpactGroupBy[] = ['PROVINCE', 'LAYER', 'LEVEL'];
export type ImpactView = 'graph' | 'table';
export interface ImpactState {
  of: string;
  depth: number;
  dir: ImpactDirection;
  /** The day the model is read as of (YYYY-MM-DD); null: now. */
  asOf: string | null;
  /** The first grouping (the drill-down goes on to province, owner, components). */
  by: ImpactGroupBy;
  /** The drill-down so far: a layer code, owner levels, a province code, an owner code ('' = none). */
  layer: string;
  level: string[];
  province: string;
  owner: string;
  /** Components listed one by one at this level (rather than grouped further). */
  list: boolean;
  view: ImpactView;
  /** The cursor of the page of components shown ('' = the first). */
  after: string;
}
/** An impact address to build: everything but the root, depth and direction may be left out. */
export type ImpactLink = Pick<ImpactState, 'of' | 'depth' | 'dir'> & Partial<ImpactState>;
export const IMPACT_DEFAULTS: ImpactState = {
  of: 'NDXP',
  depth: 3,
  dir: 'DEPENDENTS',
  asOf: null,
  by: 'PROVINCE',
  layer: '',
  level: [],
  province: '',
  owner: '',
  list: false,
  view: 'graph',
  after: '',
};
const LEVEL_KEYS = ['CENTRAL', 'MINISTRY', 'PROVINCE', 'COMMUNE', 'UNOWNED'] as const;

export function parseImpact(sp: URLSearchParams): ImpactState {
  const of = text(sp, 'of', 120) || IMPACT_DEFAULTS.of;
  const d = Number.parseInt(sp.get('depth') ?? '', 10);
  const depth = Number.isFinite(d) ? Math.min(MAX_DEPTH, Math.max(1, d)) : IMPACT_DEFAULTS.depth;
  const dir = one(sp, 'dir', ['DEPENDENTS', 'DEPENDENCIES'] as const) ?? IMPACT_DEFAULTS.dir;
  return {
    of,
    depth,
    dir,
    asOf: parseAsOf(sp),
    by: one(sp, 'by', IMPACT_GROUP_BY) ?? IMPACT_DEFAULTS.by,
    layer: text(sp, 'layer', 20),
    level: list(sp, 'level', LEVEL_KEYS),
    province: text(sp, 'province', 120),
    owner: text(sp, 'owner', 120),
    list: sp.get('list') === '1',
    view: one(sp, 'view', ['graph', 'table'] as const) ?? 'graph',
    after: text(sp, 'after', 100),
  };
}

export function impactHref(s: ImpactLink, lang: Lang): string {
  return href(
    '/impact',
    {
      of: s.of,
      depth: s.depth,
      dir: s.dir === 'DEPENDENTS' ? null : s.dir,
      asOf: s.asOf,
      by: s.by && s.by !== 'PROVINCE' ? s.by : null,
      layer: s.layer,
      level: s.level,
      province: s.province,
      owner: s.owner,
      list: s.list ? '1' : null,
      view: s.view === 'table' ? 'table' : null,
      after: s.after,
    },
    lang,
  );
}

// ---- catalog ----

export type CatalogTab = 'components' | 'agencies' | 'references';
export const CATALOG_TABS: readonly CatalogTab[] = ['components', 'agencies', 'references'];

export interface CatalogState {
  q: string;
  tab: CatalogTab;
  layer: string;
  group: string;
  scope: Scope[];
  status: Status[];
  kind: ComponentKind[];
  level: AgencyLevel[];
  tier: Tier[];
  areaType: AreaType | null;
  province: string;
  framework: string;
  synthetic: boolean | null;
  after: string;
}

/** MAX_CURSOR bounds a cursor read from a URL (the API checks it; this only caps the URL's text). */
export const MAX_CURSOR = 4000;

export function parseCatalog(sp: URLSearchParams): CatalogState {
  return {
    q: text(sp, 'q'),
    tab: one(sp, 'tab', CATALOG_TABS) ?? 'components',
    layer: text(sp, 'layer', 20),
    group: text(sp, 'group', 60),
    scope: list(sp, 'scope', SCOPES),
    status: list(sp, 'status', STATUSES),
    kind: list(sp, 'kind', COMPONENT_KINDS),
    level: list(sp, 'level', AGENCY_LEVELS),
    tier: list(sp, 'tier', TIERS),
    areaType: one(sp, 'area', AREA_TYPES),
    province: text(sp, 'province', 120),
    framework: text(sp, 'framework', 60),
    synthetic: bool(sp, 'synthetic'),
    // a keyset cursor holds the row's sort keys: a reference component's framework, group and
    // source (a long text), code and id come to ~300 characters
    after: text(sp, 'after', MAX_CURSOR),
  };
}

export function catalogHref(s: Partial<CatalogState>, lang: Lang): string {
  return href(
    '/catalog',
    {
      q: s.q,
      tab: s.tab === 'components' ? null : s.tab,
      layer: s.layer,
      group: s.group,
      scope: s.scope,
      status: s.status,
      kind: s.kind,
      level: s.level,
      tier: s.tier,
      area: s.areaType,
      province: s.province,
      framework: s.framework,
      synthetic: s.synthetic === null || s.synthetic === undefined ? null : String(s.synthetic),
      after: s.after,
    },
    lang,
  );
}

// ---- duplicates ----

// The duplication worklist: one row per duplicating component. Filters: the shared platform it
// duplicates, the province (server side), basis, lowest confidence, review state; sort column and
// direction; `open`: the component whose evidence is shown; `page`: 1-based, DUPLICATES_PAGE rows.
export type DuplicateSort = 'component' | 'province' | 'confidence' | 'platforms';
export type DuplicateBasisFilter = 'DECLARED' | 'INFERRED' | 'CONFIRMED';
export type ReviewFilter = 'UNREVIEWED' | 'CONFIRMED' | 'DISMISSED';
export const DUPLICATES_PAGE = 100;
export interface DuplicatesState {
  sort: DuplicateSort;
  desc: boolean;
  open: string | null;
  asOf: string | null;
  // basis: one basis only; null: all. min: the lowest confidence shown (0..1); null: all.
  basis?: DuplicateBasisFilter | null;
  min?: number | null;
  /** The shared platform (code) the rows duplicate; null: any. */
  platform?: string | null;
  /** The province (code) whose components (its own and its communes') are listed; null: all. */
  province?: string | null;
  /** One review state; null: the API's default (unreviewed and confirmed, not dismissed). */
  review?: ReviewFilter | null;
  page?: number;
}
export function parseDuplicates(sp: URLSearchParams): DuplicatesState {
  const sort = one(sp, 'sort', ['component', 'province', 'confidence', 'platforms'] as const) ?? 'confidence';
  const dirParam = sp.get('dir');
  const desc = dirParam === 'asc' ? false : dirParam === 'desc' ? true : sort === 'confidence' || sort === 'platforms';
  const s: DuplicatesState = { sort, desc, open: text(sp, 'open', 120) || null, asOf: parseAsOf(sp) };
  const basis = one(sp, 'basis', ['DECLARED', 'INFERRED', 'CONFIRMED'] as const);
  if (basis) s.basis = basis;
  const min = Number(sp.get('min'));
  if (sp.get('min') !== null && Number.isFinite(min) && min > 0 && min <= 1) s.min = min;
  const platform = text(sp, 'platform', 120);
  if (platform) s.platform = platform;
  const province = text(sp, 'province', 120);
  if (province) s.province = province;
  const review = one(sp, 'review', ['UNREVIEWED', 'CONFIRMED', 'DISMISSED'] as const);
  if (review) s.review = review;
  const page = Number(sp.get('page'));
  if (Number.isInteger(page) && page > 1) s.page = page;
  return s;
}
export function duplicatesHref(s: DuplicatesState, lang: Lang): string {
  return href(
    '/duplicates',
    {
      platform: s.platform ?? null,
      province: s.province ?? null,
      basis: s.basis ?? null,
      min: s.min ? String(s.min) : null,
      review: s.review ?? null,
      sort: s.sort,
      dir: s.desc ? 'desc' : 'asc',
      page: s.page && s.page > 1 ? s.page : null,
      open: s.open,
      asOf: s.asOf,
    },
    lang,
  );
}

// ---- conformance ----

export interface ConformanceState {
  province: string | null;
  group: string | null;
  commune: string | null;
  asOf: string | null;
  /** The order of the province's table of communes missing essential items: by name; omitted: most missing first. */
  gaps?: 'name' | null;
}
export function parseConformance(sp: URLSearchParams): ConformanceState {
  const s: ConformanceState = {
    province: text(sp, 'province', 120) || null,
    group: text(sp, 'group', 40) || null,
    commune: text(sp, 'commune', 120) || null,
    asOf: parseAsOf(sp),
  };
  if (sp.get('gaps') === 'name') s.gaps = 'name';
  return s;
}
export function conformanceHref(s: Partial<ConformanceState>, lang: Lang): string {
  return href('/conformance', { province: s.province, group: s.group, commune: s.commune, gaps: s.gaps ?? null, asOf: s.asOf }, lang);
}
