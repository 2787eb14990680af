// The parts of the impact page, one concern each: the controls, the headline with its exports,
// the background-loading line, the legend and node list beside the graph, and the side panel
// of the selected node and the counts.
import { Suspense, lazy } from 'react';
import { ComponentPicker } from '../components/ComponentPicker';
import { AsOfControl } from '../components/AsOf';
import { LayerChip } from '../components/Bits';
import { Loading } from '../components/Status';
import type { useT } from '../hooks';
import { layerColor } from '../lib/color';
import { enumLabel, formatNumber, nameOf, type Lang } from '../lib/i18n';
import type { GNode, ImpactGraph } from '../lib/impactGraph';
import { agencyHref, catalogHref, componentHref, impactHref, MAX_DEPTH, type ImpactState } from '../lib/url';
import { Link } from '../router';
import type { useImpactData } from './impactData';
import type { GraphHandle } from './ImpactGraphView';

type Tr = ReturnType<typeof useT>['tr'];
type ImpactData = ReturnType<typeof useImpactData>;
/** The impact's figures, as the summary query returns them. */
export type ImpactSum = NonNullable<ImpactData['summary']['data']>['impact'];

// The graph library loads only with the impact page, and as soon as it opens (alongside the query).
export const loadGraphView = () => import('./ImpactGraphView');
const ImpactGraphView = lazy(loadGraphView);

interface CountRow {
  key: string;
  name: string;
  nameEn: string;
  count: number;
}

export function Bars({
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

export function Selected({ node, s, lang, tr }: { node: GNode; s: ImpactState; lang: Lang; tr: ReturnType<typeof useT>['tr'] }) {
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

/** The form: root component, depth, direction and day. */
export function ImpactControls({ s, tr, go }: { s: ImpactState; tr: Tr; go: (p: Partial<ImpactState>) => void }) {
  return (
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
  );
}

/** The headline (root → how many affected) and the three exports. */
export function ImpactHead({
  sum,
  lang,
  tr,
  canPng,
  csvBusy,
  onPng,
  onCsv,
  onProvinces,
}: {
  sum: ImpactSum;
  lang: Lang;
  tr: Tr;
  canPng: boolean;
  csvBusy: boolean;
  onPng: () => void;
  onCsv: () => void;
  onProvinces: () => void;
}) {
  return (
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
        <button type="button" onClick={onPng} disabled={!canPng || sum.total === 0}>
          {tr('exportPng')}
        </button>
        <button type="button" onClick={onCsv} disabled={csvBusy || sum.total === 0} data-testid="export-csv">
          {tr('exportCsv')}
        </button>
        <button type="button" onClick={onProvinces} disabled={sum.byProvince.length === 0}>
          {tr('exportCsvProvinces')}
        </button>
      </div>
    </div>
  );
}

/** The line that shows the rows loading in the background, with stop / load all. */
export function LoadProgress({ data, total, tr }: { data: ImpactData; total: number; tr: Tr }) {
  if (!(data.busy || (!data.complete && total > 0))) return null;
  return (
    <p className="progress" role="status">
      {tr('loadedItems', { loaded: data.items.length, total })}{' '}
      {data.busy ? (
        <button type="button" onClick={data.stop}>
          {tr('stopLoading')}
        </button>
      ) : (
        <button type="button" onClick={() => data.loadRest().catch(() => undefined)}>
          {tr('loadAll')}
        </button>
      )}
      {data.busy && <progress max={total} value={data.items.length} />}
    </p>
  );
}

/** The graph with its legend and the list of its nodes (the keyboard's way to them). */
export function ImpactGraphPanel({
  sum,
  graph,
  lang,
  tr,
  onSelect,
  onPick,
  onReady,
}: {
  sum: ImpactSum;
  graph: ImpactGraph | null;
  lang: Lang;
  tr: Tr;
  /** A node clicked in the graph (null: the background). */
  onSelect: (id: string | null) => void;
  /** A node picked in the list: selected and brought into view. */
  onPick: (id: string) => void;
  onReady: (h: GraphHandle | null) => void;
}) {
  return (
    <div className="graph-wrap">
      {graph?.aggregated && <p className="note">{tr('aggregated')}</p>}
      <Suspense fallback={<Loading what={tr('graphLoading')} />}>
        {graph && (
          <ImpactGraphView
            graph={graph}
            lang={lang}
            restLabel={tr('aggOthers')}
            label={tr('graphLabel', { code: sum.root.code })}
            onSelect={onSelect}
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
        {graph?.aggregated && (
          <span>
            <span className="swatch agg" /> {tr('legendAggregate')}
          </span>
        )}
      </div>
      {graph && (
        <details className="node-list">
          <summary>
            {tr('components')} ({formatNumber(lang, graph.nodes.length)})
          </summary>
          <ul>
            {graph.nodes.map((n) => (
              <li key={n.id}>
                <button type="button" className="linklike" onClick={() => onPick(n.id)}>
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
  );
}

/** The side panel: the selected node, then the counts by depth, layer, level and province. */
export function ImpactSide({
  sum,
  selected,
  s,
  lang,
  tr,
  onPickProvince,
}: {
  sum: ImpactSum;
  selected: GNode | null;
  s: ImpactState;
  lang: Lang;
  tr: Tr;
  onPickProvince: (key: string) => void;
}) {
  const inProvinces = sum.byProvince.reduce((a, p) => a + p.count, 0);
  return (
    <div className="impact-side">
      {selected && <Selected node={selected} s={s} lang={lang} tr={tr} />}
      <Bars title={tr('byDepth')} rows={sum.byDepth} lang={lang} label={(r) => `${tr('depth')} ${r.key}`} />
      <Bars title={tr('byLayer')} rows={sum.byLayer} lang={lang} color={layerColor} label={(r) => `${r.key} ${nameOf(lang, r)}`} />
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
        onPick={(key) => (key ? onPickProvince(key) : undefined)}
        testId="impact-provinces"
      />
    </div>
  );
}
