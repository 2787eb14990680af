import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { ErrorBox, Loading } from '../components/Status';
import { ComponentPicker } from '../components/ComponentPicker';
import { AsOfBanner, AsOfControl } from '../components/AsOf';
import { LayerChip } from '../components/Bits';
import { useT, useTitle } from '../hooks';
import { layerColor } from '../lib/color';
import { safeFileName } from '../lib/csv';
import { download, downloadText } from '../lib/download';
import { enumLabel, formatDay, formatNumber, nameOf, type Lang } from '../lib/i18n';
import { buildImpactGraph, itemsCsv, provinceAggId, provincesCsv, type GNode, type ImpactGraph } from '../lib/impactGraph';
import { agencyHref, catalogHref, componentHref, impactHref, MAX_DEPTH, parseImpact, type ImpactState } from '../lib/url';
import { Link, navigate, useLocation } from '../router';
import { useImpactData } from './impactData';
import type { GraphHandle } from './ImpactGraphView';

// The graph library loads only here, and as soon as the page opens (alongside the query).
const loadGraphView = () => import('./ImpactGraphView');
const ImpactGraphView = lazy(loadGraphView);

/** Most components drawn one by one; a larger result is rolled up by province. */
export const MAX_NODES = 150;

interface CountRow {
  key: string;
  name: string;
  nameEn: string;
  count: number;
}

function Bars({
  title,
  rows,
  lang,
  color,
  label,
  onPick,
  testId,
}: {
  title: string;
  rows: readonly CountRow[];
  lang: Lang;
  color?: (key: string) => string;
  label?: (r: CountRow) => string;
  onPick?: (key: string) => void;
  testId?: string;
}) {
  const max = Math.max(1, ...rows.map((r) => r.count));
  return (
    <section className="bars" data-testid={testId}>
      <h3>{title}</h3>
      <table>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">
                {onPick ? (
                  <button type="button" className="linklike" onClick={() => onPick(r.key)}>
                    {label ? label(r) : nameOf(lang, r)}
                  </button>
                ) : label ? (
                  label(r)
                ) : (
                  nameOf(lang, r)
                )}
              </th>
              <td className="num">
                <span className="bar" aria-hidden="true">
                  <span style={{ width: `${(r.count / max) * 100}%`, background: color ? color(r.key) : '#1f5fa8' }} />
                </span>
                {formatNumber(lang, r.count)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Selected({ node, s, lang, tr }: { node: GNode; s: ImpactState; lang: Lang; tr: ReturnType<typeof useT>['tr'] }) {
  return (
    <aside className="selected-panel" aria-live="polite" data-testid="impact-selected">
      <h3>{tr('selected')}</h3>
      {node.kind === 'aggregate' ? (
        <>
          <p>
            <strong>{node.province ? tr('aggCommunesOf', { name: nameOf(lang, node) }) : tr('aggOthers')}</strong>
          </p>
          <p>
            {tr('count')}: {formatNumber(lang, node.count)}
          </p>
          {node.province && (
            <p>
              <Link to={agencyHref(node.province, lang)}>{nameOf(lang, node)}</Link> ·{' '}
              <Link to={catalogHref({ province: node.province }, lang)}>{tr('viewInCatalog')}</Link>
            </p>
          )}
        </>
      ) : (
        <>
          <p>
            <LayerChip code={node.layer} /> <code>{node.code}</code>
          </p>
          <p>
            <strong>{nameOf(lang, node)}</strong>
          </p>
          {node.kind === 'component' && (
            <p>
              {tr('depth')}: {node.depth}
            </p>
          )}
          <p>
            <Link to={componentHref(node.code, lang)}>{tr('openDetails')}</Link>
            {node.kind === 'component' && (
              <>
                {' · '}
                <Link to={impactHref({ ...s, of: node.code }, lang)}>{tr('exploreImpact')}</Link>
              </>
            )}
          </p>
        </>
      )}
    </aside>
  );
}

export function Impact() {
  const { lang, tr } = useT();
  const { search } = useLocation();
  const s = parseImpact(search);
  useTitle(`${tr('impactTitle')}: ${s.of}${s.asOf ? ` (${s.asOf})` : ''}`);
  const data = useImpactData(s);
  useEffect(() => {
    loadGraphView().catch(() => undefined);
  }, []);
  const [handle, setHandle] = useState<GraphHandle | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [csvBusy, setCsvBusy] = useState(false);
  const onReady = useCallback((h: GraphHandle | null) => setHandle(h), []);
  const go = (p: Partial<ImpactState>) => {
    setSelectedId(null);
    navigate(impactHref({ ...s, ...p }, lang));
  };

  const sum = data.summary.data?.impact;
  // While the remaining pages load in the background, the graph shows the first page (with the
  // summary's counts); it is redrawn once they are all in (or when the loading stops).
  const drawnItems = !data.ready ? null : data.busy ? data.first : data.items;
  const graph: ImpactGraph | null = useMemo(() => {
    if (!sum || drawnItems === null) return null;
    return buildImpactGraph({
      root: {
        code: sum.root.code,
        name: sum.root.name,
        nameEn: sum.root.nameEn,
        layer: sum.root.layer.code,
        dependsOn: sum.direction === 'DEPENDENCIES' ? sum.root.dependsOn.map((d) => d.code) : [],
      },
      maxDepth: sum.maxDepth,
      total: sum.total,
      items: drawnItems,
      byProvince: sum.byProvince,
      maxNodes: MAX_NODES,
    });
  }, [sum, drawnItems]);
  const shown = graph;
  const selected = shown?.nodes.find((n) => n.id === selectedId) ?? null;

  // Exports of an earlier day say which day in their name.
  const fileBase = `impact-${safeFileName(s.of)}-d${s.depth}${s.asOf ? `-${safeFileName(s.asOf)}` : ''}`;
  const exportPng = async () => {
    if (!handle) return;
    download(await handle.png(), `${fileBase}.png`);
  };
  const exportCsv = async () => {
    setCsvBusy(true);
    try {
      const items = data.complete ? data.items : await data.loadRest();
      downloadText(itemsCsv(items), `${fileBase}.csv`);
    } catch {
      // the page error is shown by the data hook
    } finally {
      setCsvBusy(false);
    }
  };
  const exportProvinces = () => {
    if (sum) downloadText(provincesCsv(sum.byProvince, sum.total), `${fileBase}-provinces.csv`);
  };
  const pickProvince = (key: string) => {
    const id = provinceAggId(key);
    setSelectedId(id);
    handle?.focus(id);
  };

  const inProvinces = sum ? sum.byProvince.reduce((a, p) => a + p.count, 0) : 0;

  return (
    <section className="impact">
      <h1>{tr('impactTitle')}</h1>
      <p className="intro">{tr('impactIntro')}</p>
      <form
        className="controls"
        onSubmit={(e) => {
          e.preventDefault();
        }}
      >
        <ComponentPicker value={s.of} label={tr('impactOf')} onPick={(code) => go({ of: code })} />
        <div className="field">
          <label htmlFor="impact-depth">{tr('depth')}</label>
          <select id="impact-depth" value={s.depth} onChange={(e) => go({ depth: Number(e.target.value) })} data-testid="impact-depth">
            {Array.from({ length: MAX_DEPTH }, (_, i) => i + 1).map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="impact-dir">{tr('direction')}</label>
          <select
            id="impact-dir"
            value={s.dir}
            onChange={(e) => go({ dir: e.target.value === 'DEPENDENCIES' ? 'DEPENDENCIES' : 'DEPENDENTS' })}
          >
            <option value="DEPENDENTS">{tr('dirDependents')}</option>
            <option value="DEPENDENCIES">{tr('dirDependencies')}</option>
          </select>
        </div>
        <AsOfControl value={s.asOf} onChange={(asOf) => go({ asOf })} />
      </form>
      <AsOfBanner asOf={s.asOf} onNow={() => go({ asOf: null })} />

      {data.summary.error && (
        <ErrorBox
          error={data.summary.error}
          onRetry={data.summary.reload}
          title={
            data.summary.error.code === 'NOT_FOUND'
              ? s.asOf
                ? tr('componentNotFoundOn', { code: s.of, day: formatDay(lang, s.asOf) })
                : tr('componentNotFound', { code: s.of })
              : undefined
          }
        />
      )}
      {data.summary.loading && <Loading what={s.of} />}
      {sum && (
        <>
          <div className="impact-head">
            <p className="stat-line" data-testid="impact-total">
              <LayerChip code={sum.root.layer.code} />{' '}
              <Link to={componentHref(sum.root.code, lang)}>
                <strong>{nameOf(lang, sum.root)}</strong>
              </Link>{' '}
              <code>{sum.root.code}</code> →{' '}
              <strong>{tr(sum.direction === 'DEPENDENTS' ? 'impactTotal' : 'impactTotalDeps', { n: sum.total })}</strong> ({tr('depth')} ≤{' '}
              {sum.maxDepth})
            </p>
            <div className="export">
              <button type="button" onClick={exportPng} disabled={!handle || sum.total === 0}>
                {tr('exportPng')}
              </button>
              <button type="button" onClick={exportCsv} disabled={csvBusy || sum.total === 0} data-testid="export-csv">
                {tr('exportCsv')}
              </button>
              <button type="button" onClick={exportProvinces} disabled={sum.byProvince.length === 0}>
                {tr('exportCsvProvinces')}
              </button>
            </div>
          </div>
          {(data.busy || (!data.complete && sum.total > 0)) && (
            <p className="progress" role="status">
              {tr('loadedItems', { loaded: data.items.length, total: sum.total })}{' '}
              {data.busy ? (
                <button type="button" onClick={data.stop}>
                  {tr('stopLoading')}
                </button>
              ) : (
                <button type="button" onClick={() => data.loadRest().catch(() => undefined)}>
                  {tr('loadAll')}
                </button>
              )}
              {data.busy && <progress max={sum.total} value={data.items.length} />}
            </p>
          )}
          {data.pageError && <ErrorBox error={data.pageError} onRetry={() => data.loadRest().catch(() => undefined)} />}
          {sum.total === 0 ? (
            <p>{tr('noDependents')}</p>
          ) : (
            <div className="impact-body">
              <div className="graph-wrap">
                {shown?.aggregated && <p className="note">{tr('aggregated')}</p>}
                <Suspense fallback={<Loading what={tr('graphLoading')} />}>
                  {shown && (
                    <ImpactGraphView
                      graph={shown}
                      lang={lang}
                      restLabel={tr('aggOthers')}
                      label={tr('graphLabel', { code: sum.root.code })}
                      onSelect={setSelectedId}
                      onReady={onReady}
                    />
                  )}
                </Suspense>
                <div className="legend" aria-label={tr('legend')}>
                  {sum.byLayer.map((l) => (
                    <span key={l.key}>
                      <span className="swatch" style={{ background: layerColor(l.key) }} /> {l.key} {nameOf(lang, l)}
                    </span>
                  ))}
                  <span>
                    <span className="swatch root" /> {tr('legendRoot')}
                  </span>
                  {shown?.aggregated && (
                    <span>
                      <span className="swatch agg" /> {tr('legendAggregate')}
                    </span>
                  )}
                </div>
                {shown && (
                  <details className="node-list">
                    <summary>
                      {tr('components')} ({formatNumber(lang, shown.nodes.length)})
                    </summary>
                    <ul>
                      {shown.nodes.map((n) => (
                        <li key={n.id}>
                          <button
                            type="button"
                            className="linklike"
                            onClick={() => {
                              setSelectedId(n.id);
                              handle?.focus(n.id);
                            }}
                          >
                            {n.kind === 'aggregate'
                              ? `${n.province ? tr('aggCommunesOf', { name: nameOf(lang, n) }) : tr('aggOthers')} (${formatNumber(lang, n.count)})`
                              : `${n.code} — ${nameOf(lang, n)}`}
                          </button>
                        </li>
                      ))}
                    </ul>
                  </details>
                )}
              </div>
              <div className="impact-side">
                {selected && <Selected node={selected} s={s} lang={lang} tr={tr} />}
                <Bars title={tr('byDepth')} rows={sum.byDepth} lang={lang} label={(r) => `${tr('depth')} ${r.key}`} />
                <Bars
                  title={tr('byLayer')}
                  rows={sum.byLayer}
                  lang={lang}
                  color={layerColor}
                  label={(r) => `${r.key} ${nameOf(lang, r)}`}
                />
                <Bars title={tr('byLevel')} rows={sum.byLevel} lang={lang} label={(r) => enumLabel(lang, 'AgencyLevel', r.key)} />
                <Bars
                  title={tr('byProvince')}
                  rows={[
                    ...sum.byProvince,
                    ...(sum.total - inProvinces > 0
                      ? [{ key: '', name: tr('noProvince'), nameEn: tr('noProvince'), count: sum.total - inProvinces }]
                      : []),
                  ]}
                  lang={lang}
                  onPick={(key) => (key ? pickProvince(key) : undefined)}
                  testId="impact-provinces"
                />
              </div>
            </div>
          )}
        </>
      )}
    </section>
  );
}
