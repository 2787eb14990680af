import { useCallback, useEffect, useMemo, useState } from 'react';
import { ErrorBox, Loading } from '../components/Status';
import { AsOfBanner, NothingRecorded, useRecordedSince } from '../components/AsOf';
import { LayerChip } from '../components/Bits';
import { Pager } from '../components/Pager';
import { useT, useTitle } from '../hooks';
import { gqlRequest } from '../api';
import { layerColor } from '../lib/color';
import { safeFileName } from '../lib/csv';
import { download, downloadText } from '../lib/download';
import { enumLabel, formatDay, formatNumber, nameOf, type Lang } from '../lib/i18n';
import {
  drill,
  groupGraph,
  groupId,
  groupsCsv,
  GRAPH_GROUPS,
  isFiltered,
  itemGraph,
  itemId,
  itemsCsv,
  nextDim,
  REST_ID,
  ROOT_ID,
  type Dim,
  type EGraph,
  type Group,
  type Item,
} from '../lib/impactExplorer';
import { agencyHref, componentHref, IMPACT_DEFAULTS, impactHref, parseImpact, type ImpactState } from '../lib/url';
import { Link, navigate, useLocation } from '../router';
import { ImpactViewQuery, PAGE, toItems, useImpactView, viewVars, type ImpactViewData } from './impactData';
import type { GraphHandle } from './ImpactGraphView';
import { Bars, ImpactControls } from './ImpactParts';

import { useGraphView } from './graphCode';
import { loadGraphCode } from '../prefetch';

/** The most components a CSV of one level collects (page by page). */
export const CSV_MAX = 5000;

type Tr = ReturnType<typeof useT>['tr'];

/** The impact explorer: one view per URL, one request per view, a drill-down by click. */
export function Impact() {
  const { lang, tr } = useT();
  const { search } = useLocation();
  const s = useMemoState(search);
  useTitle(`${tr('impactTitle')}: ${s.of}${s.asOf ? ` (${s.asOf})` : ''}`);
  const rec = useRecordedSince(s.asOf);
  const q = useImpactView(s);
  // The graph's code loads alongside the view's request, not after its answer.
  useEffect(() => {
    if (s.view === 'graph') void loadGraphCode();
  }, [s.view]);
  const [handle, setHandle] = useState<GraphHandle | null>(null);
  const [csvBusy, setCsvBusy] = useState(false);
  const onReady = useCallback((h: GraphHandle | null) => setHandle(h), []);
  const go = (p: Partial<ImpactState>) => navigate(impactHref({ ...s, ...p }, lang));
  const dim = nextDim(s);
  const d = q.data?.impact;

  const fileBase = `impact-${safeFileName(s.of)}-d${s.depth}${s.asOf ? `-${safeFileName(s.asOf)}` : ''}${crumbSuffix(s)}`;
  const exportCsv = async () => {
    if (!d) return;
    setCsvBusy(true);
    try {
      if (dim !== null) {
        const all = await gqlRequest(ImpactViewQuery, viewVars(s, { groups: 500 }));
        downloadText(groupsCsv(all.impact.groups?.nodes ?? [], dim, all.impact.maxDepth), `${fileBase}.csv`);
      } else {
        let items: Item[] = [];
        let after: string | undefined;
        for (;;) {
          const page = await gqlRequest(ImpactViewQuery, viewVars(s, { after: after ?? '' }));
          items = items.concat(toItems(page.impact));
          const info = page.impact.items?.pageInfo;
          if (!info?.hasNextPage || !info.endCursor || items.length >= CSV_MAX) break;
          after = info.endCursor;
        }
        downloadText(itemsCsv(items), `${fileBase}.csv`);
      }
    } finally {
      setCsvBusy(false);
    }
  };

  const itemsTotal = d?.items?.totalCount ?? 0;
  return (
    <section className="impact">
      <h1>{tr('impactTitle')}</h1>
      <p className="intro">{tr('impactIntro')}</p>
      <ImpactControls s={s} tr={tr} go={go} />
      <AsOfBanner asOf={s.asOf} onNow={() => go({ asOf: null })} />
      {s.asOf && rec.before && rec.first ? (
        <NothingRecorded asOf={s.asOf} first={rec.first} onFirst={(day) => go({ asOf: day })} />
      ) : (
        <>
          {q.error && (
            <ErrorBox
              error={q.error}
              onRetry={q.reload}
              title={
                q.error.code === 'NOT_FOUND'
                  ? s.asOf
                    ? tr('componentNotFoundOn', { code: s.of, day: formatDay(lang, s.asOf) })
                    : tr('componentNotFound', { code: s.of })
                  : undefined
              }
            />
          )}
          {!d && !q.error && <ImpactSkeleton tr={tr} />}
          {d && (
            <>
              <ImpactHeadline d={d} lang={lang} tr={tr} />
              <Crumbs s={s} d={d} lang={lang} tr={tr} />
              <div className="impact-toolbar">
                <div className="segmented" role="group" aria-label={tr('viewAs')}>
                  <Link
                    to={impactHref({ ...s, view: 'graph' }, lang)}
                    aria-current={s.view === 'graph' ? 'true' : undefined}
                    data-testid="view-graph"
                  >
                    {tr('viewGraph')}
                  </Link>
                  <Link
                    to={impactHref({ ...s, view: 'table' }, lang)}
                    aria-current={s.view === 'table' ? 'true' : undefined}
                    data-testid="view-table"
                  >
                    {tr('viewTable')}
                  </Link>
                </div>
                <div className="export">
                  {s.view === 'graph' && (
                    <>
                      <button
                        type="button"
                        disabled={!handle}
                        onClick={async () => handle && download(await handle.png(), `${fileBase}.png`)}
                        data-testid="export-png"
                      >
                        {tr('exportPng')}
                      </button>
                      <button
                        type="button"
                        disabled={!handle}
                        onClick={() => handle && download(handle.svg(), `${fileBase}.svg`)}
                        data-testid="export-svg"
                      >
                        {tr('exportSvg')}
                      </button>
                    </>
                  )}
                  <button
                    type="button"
                    onClick={() => void exportCsv().catch(() => undefined)}
                    disabled={csvBusy || d.total === 0 || (dim === null && itemsTotal > CSV_MAX)}
                    title={dim === null && itemsTotal > CSV_MAX ? tr('impactCsvTooMany', { n: CSV_MAX }) : undefined}
                    data-testid="export-csv"
                  >
                    {tr('exportCsvLevel')}
                  </button>
                </div>
              </div>
              {d.total === 0 ? (
                <p>{tr('noDependents')}</p>
              ) : (
                <div className="impact-body">
                  <div className="impact-main">
                    {dim !== null ? (
                      <GroupsLevel s={s} d={d} dim={dim} lang={lang} tr={tr} onReady={onReady} />
                    ) : (
                      <ItemsLevel s={s} d={d} lang={lang} tr={tr} onReady={onReady} />
                    )}
                  </div>
                  <aside className="impact-side" aria-label={tr('byDepth')}>
                    <Bars title={tr('byDepth')} rows={d.byDepth} lang={lang} label={(r) => tr('depthN', { d: r.key })} />
                    <Bars
                      title={tr('byLayer')}
                      rows={d.byLayer}
                      lang={lang}
                      color={layerColor}
                      label={(r) => `${r.key} ${nameOf(lang, r)}`}
                      onPick={(key) =>
                        go({
                          ...IMPACT_DEFAULTS,
                          of: s.of,
                          depth: s.depth,
                          dir: s.dir,
                          asOf: s.asOf,
                          view: s.view,
                          by: 'LAYER',
                          layer: key,
                        })
                      }
                    />
                    <Bars
                      title={tr('byLevel')}
                      rows={d.byLevel}
                      lang={lang}
                      label={(r) => enumLabel(lang, 'AgencyLevel', r.key)}
                      onPick={(key) =>
                        go({
                          ...IMPACT_DEFAULTS,
                          of: s.of,
                          depth: s.depth,
                          dir: s.dir,
                          asOf: s.asOf,
                          view: s.view,
                          by: 'LEVEL',
                          level: [key],
                        })
                      }
                    />
                  </aside>
                </div>
              )}
            </>
          )}
        </>
      )}
    </section>
  );
}

/** The URL's state, the same object while the URL stays the same. */
function useMemoState(search: URLSearchParams): ImpactState {
  const key = search.toString();
  return useMemo(() => parseImpact(new URLSearchParams(key)), [key]);
}

function crumbSuffix(s: ImpactState): string {
  const parts = [s.layer, s.level.join('+'), s.province, s.owner].filter(Boolean);
  return parts.length ? `-${safeFileName(parts.join('-'))}` : '';
}

function ImpactSkeleton({ tr }: { tr: Tr }) {
  return (
    <div className="skeleton-block" aria-busy="true" data-testid="impact-loading">
      <Loading what={tr('impactTitle')} />
      <div className="skeleton skeleton-line" />
      <div className="skeleton skeleton-graph" />
    </div>
  );
}

function ImpactHeadline({ d, lang, tr }: { d: ImpactViewData; lang: Lang; tr: Tr }) {
  return (
    <p className="stat-line" data-testid="impact-total">
      <LayerChip code={d.root.layer.code} />{' '}
      <Link to={componentHref(d.root.code, lang)}>
        <strong>{nameOf(lang, d.root)}</strong>
      </Link>{' '}
      <code>{d.root.code}</code> → <strong>{tr(d.direction === 'DEPENDENTS' ? 'impactTotal' : 'impactTotalDeps', { n: d.total })}</strong> (
      {tr('depth')} ≤ {d.maxDepth})
    </p>
  );
}

/** The drill-down path: every step a link back up. */
function Crumbs({ s, d, lang, tr }: { s: ImpactState; d: ImpactViewData; lang: Lang; tr: Tr }) {
  if (!isFiltered(s)) return null;
  const top: ImpactState = { ...s, layer: '', level: [], province: '', owner: '', list: false, after: '' };
  const steps: { label: string; to: ImpactState }[] = [{ label: `${tr('impactAll')} (${formatNumber(lang, d.total)})`, to: top }];
  let at = top;
  const push = (label: string, p: Partial<ImpactState>) => {
    at = { ...at, ...p };
    steps.push({ label, to: at });
  };
  if (s.layer) push(`${tr('dimLAYER')}: ${s.layer}`, { layer: s.layer });
  if (s.level.length) push(`${tr('dimLEVEL')}: ${s.level.map((l) => enumLabel(lang, 'AgencyLevel', l)).join(', ')}`, { level: s.level });
  if (s.province) push(`${tr('dimPROVINCE')}: ${s.province}`, { province: s.province });
  if (s.owner) push(`${tr('dimOWNER')}: ${s.owner}`, { owner: s.owner });
  if (s.list) push(tr('dimCOMPONENT'), { list: true });
  return (
    <nav className="crumbs" aria-label={tr('impactPath')} data-testid="impact-crumbs">
      <ol>
        {steps.map((st, i) => (
          <li key={i}>
            {i === steps.length - 1 ? (
              <span aria-current="location">{st.label}</span>
            ) : (
              <Link to={impactHref(st.to, lang)}>{st.label}</Link>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}

function GraphBox({
  graph,
  label,
  onActivate,
  onReady,
  tr,
}: {
  graph: EGraph;
  label: string;
  onActivate: (id: string) => void;
  onReady: (h: GraphHandle | null) => void;
  tr: Tr;
}) {
  // The graph's code loads only with the pages that draw a graph, alongside their requests.
  const ImpactGraphView = useGraphView();
  return (
    <div className="graph-wrap">
      {ImpactGraphView ? (
        <ImpactGraphView graph={graph} label={label} onActivate={onActivate} onReady={onReady} />
      ) : (
        <div className="skeleton skeleton-graph" aria-label={tr('graphLoading')} />
      )}
      <p className="note small">{tr('impactViaNote')}</p>
    </div>
  );
}

function GroupsLevel({
  s,
  d,
  dim,
  lang,
  tr,
  onReady,
}: {
  s: ImpactState;
  d: ImpactViewData;
  dim: Dim;
  lang: Lang;
  tr: Tr;
  onReady: (h: GraphHandle | null) => void;
}) {
  const g = d.groups;
  // The graph draws the largest groups; the rest is one node (the table lists them).
  const groups: Group[] = useMemo(() => (g?.nodes ?? []).slice(0, GRAPH_GROUPS), [g]);
  const fmt = useCallback((n: number) => formatNumber(lang, n), [lang]);
  const shownCount = groups.reduce((a, x) => a + x.count, 0);
  const restGroups = (g?.count ?? 0) - groups.length;
  const restLabel = tr('impactMoreGroups', { n: restGroups, count: (g?.total ?? 0) - shownCount });
  const graph = useMemo(
    () =>
      groupGraph(
        { code: d.root.code, name: d.root.name, nameEn: d.root.nameEn, layer: d.root.layer.code, dependsOn: [] },
        groups,
        dim,
        lang,
        fmt,
        restGroups > 0 ? { groups: restGroups, components: (g?.total ?? 0) - shownCount, label: restLabel } : null,
      ),
    [d.root, groups, dim, lang, fmt, restGroups, g?.total, shownCount, restLabel],
  );
  // Stable while the view is (the graph is memoised on its props).
  const onActivate = useCallback(
    (id: string) => {
      if (id === ROOT_ID) navigate(componentHref(d.root.code, lang));
      else if (id === REST_ID) navigate(impactHref({ ...s, view: 'table' }, lang));
      else if (id.startsWith('g:')) navigate(impactHref(drill(s, dim, id.slice(2)), lang));
    },
    [d.root.code, s, dim, lang],
  );
  const dimName = tr(`dim${dim}`);
  return (
    <>
      <p className="level-line" data-testid="impact-level">
        {tr('impactLevelGroups', { total: g?.total ?? 0, n: g?.count ?? 0, dim: dimName.toLowerCase() })} · {tr('impactDrillHint')}{' '}
        <Link to={impactHref({ ...s, list: true, after: '' }, lang)} data-testid="impact-list-here">
          {tr('impactListHere')}
        </Link>
      </p>
      {s.view === 'graph' ? (
        <GraphBox graph={graph} label={tr('graphLabel', { code: d.root.code })} onActivate={onActivate} onReady={onReady} tr={tr} />
      ) : (
        <div className="table-scroll">
          <table className="data impact-groups" data-testid="impact-groups-table">
            <caption>{tr('impactGroupsCaption', { dim: dimName.toLowerCase() })}</caption>
            <thead>
              <tr>
                <th scope="col">{dimName}</th>
                <th scope="col" className="num">
                  {tr('count')}
                </th>
                <th scope="col" className="num">
                  {tr('share')}
                </th>
                {Array.from({ length: d.maxDepth }, (_, i) => (
                  <th scope="col" className="num" key={i}>
                    {tr('depthN', { d: i + 1 })}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {(g?.nodes ?? []).map((x) => (
                <tr key={x.key} id={groupId(x.key)}>
                  <th scope="row">
                    <Link to={impactHref(drill(s, dim, x.key), lang)}>
                      {dim === 'LAYER' ? `${x.key} ${nameOf(lang, x)}` : nameOf(lang, x)}
                    </Link>
                    {(dim === 'PROVINCE' || dim === 'OWNER') && x.key && (
                      <>
                        {' '}
                        <code className="muted">{x.key}</code>
                      </>
                    )}
                  </th>
                  <td className="num">{formatNumber(lang, x.count)}</td>
                  <td className="num">{g && g.total ? `${Math.round((100 * x.count) / g.total)} %` : ''}</td>
                  {x.byDepth.map((n, i) => (
                    <td className="num" key={i}>
                      {n ? formatNumber(lang, n) : '·'}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          {g && g.count > g.nodes.length && (
            <p className="note small">
              {tr('impactMoreGroups', { n: g.count - g.nodes.length, count: g.total - g.nodes.reduce((a, x) => a + x.count, 0) })}
            </p>
          )}
        </div>
      )}
    </>
  );
}

function ItemsLevel({
  s,
  d,
  lang,
  tr,
  onReady,
}: {
  s: ImpactState;
  d: ImpactViewData;
  lang: Lang;
  tr: Tr;
  onReady: (h: GraphHandle | null) => void;
}) {
  const items = useMemo(() => toItems(d), [d]);
  const graph = useMemo(
    () =>
      itemGraph(
        {
          code: d.root.code,
          name: d.root.name,
          nameEn: d.root.nameEn,
          layer: d.root.layer.code,
          dependsOn: d.root.dependsOn.map((x) => x.code),
        },
        items,
        d.direction,
        lang,
      ),
    [d.root, items, d.direction, lang],
  );
  const onActivate = useCallback(
    (id: string) => {
      if (id === ROOT_ID) navigate(componentHref(d.root.code, lang));
      else if (id.startsWith('c:')) navigate(componentHref(id.slice(2), lang));
    },
    [d.root.code, lang],
  );
  const conn = d.items;
  return (
    <>
      <p className="level-line" data-testid="impact-level">
        {tr('impactComponentsHere', { n: conn?.totalCount ?? 0 })}
        {s.owner && (
          <>
            {' · '}
            <Link to={agencyHref(s.owner, lang)}>{s.owner}</Link>
          </>
        )}
      </p>
      {s.view === 'graph' ? (
        <GraphBox graph={graph} label={tr('graphLabel', { code: d.root.code })} onActivate={onActivate} onReady={onReady} tr={tr} />
      ) : (
        <div className="table-scroll">
          <table className="data impact-items" data-testid="impact-items-table">
            <caption>{tr('impactItemsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{tr('code')}</th>
                <th scope="col">{tr('name')}</th>
                <th scope="col">{tr('layer')}</th>
                <th scope="col" className="num">
                  {tr('depth')}
                </th>
                <th scope="col">{tr('owner')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((it) => (
                <tr key={it.code} id={itemId(it.code)}>
                  <th scope="row">
                    <Link to={componentHref(it.code, lang)}>
                      <code>{it.code}</code>
                    </Link>
                  </th>
                  <td>{nameOf(lang, it)}</td>
                  <td>
                    <LayerChip code={it.layer} />
                  </td>
                  <td className="num">{it.depth}</td>
                  <td>
                    {it.ownerCode ? (
                      <Link to={agencyHref(it.ownerCode, lang)}>
                        {nameOf(lang, { name: it.ownerName ?? it.ownerCode, nameEn: it.ownerNameEn })}
                      </Link>
                    ) : (
                      '—'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {conn && (
        <Pager
          at={(after) => impactHref({ ...s, after }, lang)}
          after={s.after}
          pageInfo={conn.pageInfo}
          shown={Math.min(PAGE, items.length)}
          total={conn.totalCount}
        />
      )}
    </>
  );
}
