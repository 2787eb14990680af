// The first page's requests start here, while the rest of the code is still being evaluated and
// before React renders anything (main.tsx imports this module first): the page's main queries,
// who is signed in, and the graph's code on the pages that draw one. The pages then ask for the
// same queries (same documents, variables built by lib/requests) and useQuery takes the running
// requests over: nothing is asked twice, and a page whose answers arrived meanwhile renders
// them at once instead of a skeleton first.
//
// Only what the page asks for unconditionally is started: a query the page asks for only after
// another answer (a commune's conformance, a reference's gaps) or only for some days (before the
// first recorded day nothing is asked) is left to the page.

import { prefetchQuery } from './api';
import {
  AgencyDetailDocument,
  CatalogAgenciesDocument,
  CatalogComponentsDocument,
  CatalogOptionsDocument,
  CatalogReferencesDocument,
  ComponentDetailDocument,
  ComponentVersionsDocument,
  ConformanceGapsDocument,
  ConformanceNationDocument,
  ConformanceProvinceDocument,
  DuplicationProvincesDocument,
  DuplicationWorklistDocument,
  ImpactViewDocument,
  KpiConformanceDocument,
  KpiCountsDocument,
  KpiDuplicatesDocument,
  KpiMeasuredDocument,
  KpiNdxpDocument,
  KpiRulesDocument,
  MeDocument,
  NeighbourhoodDocument,
  OverviewCountsDocument,
  OverviewScopeStatusDocument,
  ReferenceDetailDocument,
  RecordedSinceDocument,
  RoadmapDocument,
  ProvinceStatusDocument,
  MinistryL3Document,
  CommuneScoresDocument,
  SearchPageDocument,
} from './gql/graphql';
import {
  agenciesVars,
  agencyVars,
  catalogOptionsVars,
  componentsVars,
  componentVars,
  duplicationVars,
  impactViewVars,
  measuredVars,
  nationVars,
  neighbourhoodVars,
  provinceGapsVars,
  provinceVars,
  referencesVars,
  referenceVars,
  roadmapVars,
  searchVars,
} from './lib/requests';
import { matchRoute, parseCatalog, parseConformance, parseDuplicates, parseImpact } from './lib/url';

type GraphView = (typeof import('./pages/ImpactGraphView'))['default'];
let graphView: GraphView | null = null;
let graphViewFailed: { error: unknown } | null = null;
let graphCode: Promise<void> | null = null;

/** loadGraphCode loads the graph's chunk (the impact explorer's and the neighbourhood's), once;
 * loadedGraphView is its component once loaded (pages/graphCode.ts draws it without Suspense). */
export function loadGraphCode(): Promise<void> {
  graphCode ??= import('./pages/ImpactGraphView').then(
    (m) => {
      graphView = m.default;
    },
    (error: unknown) => {
      graphViewFailed = { error };
    },
  );
  return graphCode;
}

/** loadedGraphView: the graph's component if its chunk has loaded, null while it loads; throws
 * what failed the chunk's load (as React.lazy did). */
export function loadedGraphView(): GraphView | null {
  if (graphViewFailed) throw graphViewFailed.error;
  return graphView;
}

/** prefetchPage starts the requests of the page at pathname?search. */
export function prefetchPage(pathname: string, search: URLSearchParams) {
  const route = matchRoute(pathname);
  switch (route.name) {
    case 'overview':
      // The counts and the analyses at once, as the page asks (Overview.tsx says why); the
      // counts first, so that they are sent first when the browser queues past six.
      prefetchQuery(OverviewCountsDocument, {});
      prefetchQuery(KpiCountsDocument, {});
      prefetchQuery(KpiConformanceDocument, {});
      prefetchQuery(KpiDuplicatesDocument, {});
      prefetchQuery(KpiRulesDocument, {});
      prefetchQuery(KpiNdxpDocument, {});
      prefetchQuery(KpiMeasuredDocument, measuredVars());
      prefetchQuery(OverviewScopeStatusDocument, {});
      return;
    case 'catalog': {
      const s = parseCatalog(search);
      if (s.q) {
        prefetchQuery(SearchPageDocument, searchVars(s));
        return;
      }
      prefetchQuery(CatalogOptionsDocument, catalogOptionsVars(s));
      if (s.tab === 'agencies') prefetchQuery(CatalogAgenciesDocument, agenciesVars(s));
      else if (s.tab === 'references') prefetchQuery(CatalogReferencesDocument, referencesVars(s));
      else prefetchQuery(CatalogComponentsDocument, componentsVars(s));
      return;
    }
    case 'component':
      prefetchQuery(ComponentDetailDocument, componentVars(route.code, search.get('after') ?? ''));
      prefetchQuery(ComponentVersionsDocument, { of: route.code });
      prefetchQuery(NeighbourhoodDocument, neighbourhoodVars(route.code));
      void loadGraphCode();
      return;
    case 'agency':
      prefetchQuery(AgencyDetailDocument, agencyVars(route.code, search.get('after') ?? '', search.get('parts') ?? ''));
      return;
    case 'reference':
      prefetchQuery(ReferenceDetailDocument, referenceVars(route.code, search.get('after') ?? ''));
      return;
    case 'impact': {
      const s = parseImpact(search);
      // As of a day: the first recorded day too (the page asks both at once, Impact.tsx).
      if (s.asOf) prefetchQuery(RecordedSinceDocument, {});
      prefetchQuery(ImpactViewDocument, impactViewVars(s));
      if (s.view === 'graph') void loadGraphCode();
      return;
    }
    case 'duplicates': {
      const s = parseDuplicates(search);
      prefetchQuery(DuplicationProvincesDocument, {});
      // As of a day: the first recorded day with the worklist, not before it (Duplicates.tsx).
      if (s.asOf) prefetchQuery(RecordedSinceDocument, {});
      prefetchQuery(DuplicationWorklistDocument, duplicationVars(s));
      return;
    }
    case 'conformance': {
      const s = parseConformance(search);
      // As of a day: the first recorded day with the rest, not before it (Conformance.tsx).
      if (s.asOf) prefetchQuery(RecordedSinceDocument, {});
      prefetchQuery(ConformanceNationDocument, nationVars(s));
      if (s.province) {
        prefetchQuery(ConformanceProvinceDocument, provinceVars(s.province, s.asOf));
        prefetchQuery(ConformanceGapsDocument, provinceGapsVars(s.province, s.group, s.asOf));
      }
      return;
    }
    case 'roadmap':
      // In the page's order (Roadmap.tsx says why), without waiting for renders: the roadmap and
      // the communes' scores, then (answered or failed) the provinces' and ministries' charts.
      void Promise.allSettled([prefetchQuery(RoadmapDocument, roadmapVars()), prefetchQuery(CommuneScoresDocument, {})]).then(() => {
        prefetchQuery(ProvinceStatusDocument, {});
        prefetchQuery(MinistryL3Document, {});
      });
      return;
    default:
      return;
  }
}

/** prefetchMe starts the session's query (session.tsx takes it over). */
export function prefetchMe() {
  prefetchQuery(MeDocument, {});
}

// The page's own requests first: the browser sends at most six at once to one server.
prefetchPage(window.location.pathname, new URLSearchParams(window.location.search));
prefetchMe();
