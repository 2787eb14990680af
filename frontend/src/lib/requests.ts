// The variables of the queries a page asks for as soon as it opens, built from its URL. The
// pages ask with these, and lib/prefetch.ts starts the same requests before React renders (the
// query cache keys a request by its document and the JSON of these variables: both sides must
// build them the same way, hence one function each). Pure: no React, no DOM.

import type { AgencyFilter, ComponentFilter, ImpactGroupBy, ReferenceComponentFilter } from '../gql/graphql';
import { filterOf, nextDim } from './impactExplorer';
import { asOfVars, type CatalogState, type ConformanceState, type DuplicatesState, type ImpactState } from './url';

/** Rows per page of the catalog's lists and of the search. */
export const PAGE_SIZE = 50;

export const searchVars = (s: CatalogState) => ({ text: s.q, first: PAGE_SIZE, after: s.after || null });

export const catalogOptionsVars = (s: CatalogState) => ({ layer: s.layer || null });

export function componentsVars(s: CatalogState) {
  const filter: ComponentFilter = {
    layer: s.layer || null,
    group: s.group || null,
    scope: s.scope.length ? s.scope : null,
    status: s.status.length ? s.status : null,
    kind: s.kind.length ? s.kind : null,
    province: s.province || null,
    synthetic: s.synthetic,
  };
  return { first: PAGE_SIZE, after: s.after || null, filter };
}

export function agenciesVars(s: CatalogState) {
  const filter: AgencyFilter = {
    level: s.level.length ? s.level : null,
    province: s.province || null,
    areaType: s.areaType,
    synthetic: s.synthetic,
  };
  return { first: PAGE_SIZE, after: s.after || null, filter };
}

export function referencesVars(s: CatalogState) {
  const filter: ReferenceComponentFilter = {
    framework: s.framework || null,
    group: s.group || null,
    layer: s.layer || null,
    tier: s.tier.length ? s.tier : null,
    areaType: s.areaType,
  };
  return { first: PAGE_SIZE, after: s.after || null, filter };
}

/** A component's page (after: its dependents' page cursor, from the URL). */
export const componentVars = (code: string, after: string) => ({ code, after: after || null });

/** A component's neighbourhood: one page a side. */
export const NEIGHBOURHOOD_SIDE = 30;
export const neighbourhoodVars = (code: string) => ({ code, first: NEIGHBOURHOOD_SIDE });

export const agencyVars = (code: string, after: string, partsAfter: string) => ({
  code,
  after: after || null,
  partsAfter: partsAfter || null,
});

export const referenceVars = (code: string, after: string) => ({ code, after: after || null });

/** The framework the conformance pages score communes against. */
export const COMMUNE_FRAMEWORK = 'KTTS-XA';

export const nationVars = (s: ConformanceState) => ({ framework: COMMUNE_FRAMEWORK, ...asOfVars(s.asOf) });

export const provinceVars = (province: string, asOf: string | null) => ({ province, ...asOfVars(asOf) });

/** Every row of a gaps table (a province's communes, a reference's communes) in one answer. */
export const GAPS_ALL = 5000;

export const provinceGapsVars = (province: string, group: string | null, asOf: string | null) => ({
  province,
  ...(group ? { group } : {}),
  ...asOfVars(asOf),
  first: GAPS_ALL,
});

export const duplicationVars = (s: DuplicatesState) => ({
  ...asOfVars(s.asOf),
  ...(s.basis ? { basis: [s.basis] } : {}),
  ...(s.min ? { minConfidence: s.min } : {}),
  ...(s.review ? { review: [s.review] } : {}),
  ...(s.province ? { province: s.province } : {}),
});

/** The roadmap's year: this one. */
export const roadmapVars = (now: Date = new Date()) => ({ year: now.getFullYear() });

/** The overview's "measured" KPI counts this year's measurements. */
export const measuredVars = (now: Date = new Date()) => ({ period: String(now.getFullYear()) });

/** The impact explorer: one page of components a view. */
export const IMPACT_PAGE = 100;
/** The most groups one view shows (the rest are one "more" node and the CSV has them all). */
export const IMPACT_GROUPS = 60;

/** The variables of an impact view's query (also used to fetch every group or page for a CSV). */
export function impactViewVars(s: ImpactState, opts: { groups?: number; after?: string } = {}) {
  const dim = nextDim(s);
  const filter = filterOf(s);
  return {
    of: s.of,
    dir: s.dir,
    depth: s.depth,
    ...asOfVars(s.asOf),
    by: (dim ?? 'OWNER') as ImpactGroupBy,
    ...(filter ? { filter } : {}),
    grouped: dim !== null,
    groups: opts.groups ?? IMPACT_GROUPS,
    first: IMPACT_PAGE,
    ...((opts.after ?? s.after) ? { after: opts.after ?? s.after } : {}),
  };
}
