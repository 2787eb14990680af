// A component's neighbourhood: what it depends on and what depends on it, two hops each way, one
// page a side, drawn like the impact explorer (layers by distance) with a table beside it for the
// keyboard and screen readers. One request.
import { useCallback, useState } from 'react';
import { graphql } from '../gql';
import { prefetchQuery, useQuery } from '../api';
import { ErrorBox } from '../components/Status';
import { LayerChip } from '../components/Bits';
import { useT } from '../hooks';
import { nameOf, type Lang, type MsgKey, type Vars } from '../lib/i18n';
import type { NeighbourhoodQuery } from '../gql/graphql';
import { neighbourhoodVars } from '../lib/requests';
import { neighbourhoodGraph, type EGraph, type Item } from '../lib/impactExplorer';
import { componentHref, impactHref } from '../lib/url';
import { Link, navigate } from '../router';
import type { GraphHandle } from './ImpactGraphView';
import { useGraphView } from './graphCode';
import { loadGraphCode } from '../prefetch';

/** prefetchNeighbourhood starts the neighbourhood's request and the graph's code while the
 * component page waits for its own answer (the section renders only below it). */
export function prefetchNeighbourhood(code: string) {
  prefetchQuery(NeighbourhoodQuery, neighbourhoodVars(code));
  void loadGraphCode();
}

const NeighbourhoodQuery = graphql(`
  query Neighbourhood($code: ID!, $first: Int) {
    up: impact(of: $code, direction: DEPENDENCIES, maxDepth: 2) {
      root {
        code
        name
        nameEn
        layer {
          code
        }
        dependsOn {
          code
        }
      }
      items(first: $first) {
        totalCount
        edges {
          node {
            ...NeighbourFields
          }
        }
      }
    }
    down: impact(of: $code, direction: DEPENDENTS, maxDepth: 2) {
      items(first: $first) {
        totalCount
        edges {
          node {
            ...NeighbourFields
          }
        }
      }
    }
  }
  fragment NeighbourFields on Impacted {
    depth
    component {
      code
      name
      nameEn
      layer {
        code
      }
      dependsOn {
        code
      }
    }
  }
`);

type Edge = {
  node: {
    depth: number;
    component: { code: string; name: string; nameEn: string; layer: { code: string }; dependsOn: { code: string }[] };
  };
};
const toItem = ({ node: n }: Edge): Item => ({
  code: n.component.code,
  name: n.component.name,
  nameEn: n.component.nameEn,
  layer: n.component.layer.code,
  depth: n.depth,
  ownerCode: null,
  ownerName: null,
  ownerNameEn: null,
  dependsOn: n.component.dependsOn.map((c) => c.code),
});

/** What the section draws from one answer, kept by answer (and language): a render that React
 * starts again (another answer arriving meanwhile, the graph's chunk resolving) reuses the same
 * graph, whose layout the graph view keeps. */
const builtByAnswer = new WeakMap<NeighbourhoodQuery, { lang: Lang; up: Item[]; down: Item[]; graph: EGraph }>();

function buildNeighbourhood(d: NeighbourhoodQuery, lang: Lang, tr: (key: MsgKey, vars?: Vars) => string) {
  const had = builtByAnswer.get(d);
  if (had && had.lang === lang) return had;
  const up = d.up.items.edges.map((e) => toItem(e as Edge));
  const down = d.down.items.edges.map((e) => toItem(e as Edge));
  const r = d.up.root;
  const graph = neighbourhoodGraph(
    { code: r.code, name: r.name, nameEn: r.nameEn, layer: r.layer.code, dependsOn: r.dependsOn.map((x) => x.code) },
    up,
    down,
    { up: d.up.items.totalCount - up.length, down: d.down.items.totalCount - down.length, label: (n) => tr('moreN', { n }) },
    lang,
  );
  const built = { lang, up, down, graph };
  builtByAnswer.set(d, built);
  return built;
}

export function Neighbourhood({ code }: { code: string }) {
  const { lang, tr } = useT();
  const q = useQuery(NeighbourhoodQuery, neighbourhoodVars(code));
  const ImpactGraphView = useGraphView();
  const [, setHandle] = useState<GraphHandle | null>(null);
  // The table's rows (up to two pages of nodes) are built when it is opened: closed, nobody sees
  // them, and building them delayed the page's first paint.
  const [tableOpen, setTableOpen] = useState(false);
  const onReady = useCallback((h: GraphHandle | null) => setHandle(h), []);
  const onActivate = useCallback(
    (id: string) => {
      const m = /^[ud]:(.+)$/.exec(id);
      if (m?.[1]) navigate(componentHref(m[1], lang));
      else if (id === 'more:d') navigate(impactHref({ of: code, depth: 2, dir: 'DEPENDENTS' }, lang));
      else if (id === 'more:u') navigate(impactHref({ of: code, depth: 2, dir: 'DEPENDENCIES' }, lang));
    },
    [code, lang],
  );
  const d = q.data;
  const built = d ? buildNeighbourhood(d, lang, tr) : null;
  const up = built?.up ?? [];
  const down = built?.down ?? [];
  const graph = built?.graph ?? null;
  return (
    <section className="neighbourhood" aria-labelledby="nb-title" data-testid="neighbourhood">
      <h2 id="nb-title">{tr('neighbourhood')}</h2>
      <p className="muted small">{tr('neighbourhoodIntro')}</p>
      {q.error && <ErrorBox error={q.error} onRetry={q.reload} />}
      {!d && !q.error && <div className="skeleton skeleton-graph" aria-busy="true" />}
      {d && graph && (
        <>
          <div className="graph-wrap">
            {ImpactGraphView ? (
              <ImpactGraphView graph={graph} label={tr('neighbourhoodOf', { code })} onActivate={onActivate} onReady={onReady} />
            ) : (
              <div className="skeleton skeleton-graph" />
            )}
          </div>
          <details className="node-list" onToggle={(e) => setTableOpen(e.currentTarget.open)} data-testid="neighbourhood-table">
            <summary>{tr('neighbourhoodTable', { up: d.up.items.totalCount, down: d.down.items.totalCount })}</summary>
            <div className="table-scroll">
              <table className="data">
                <thead>
                  <tr>
                    <th scope="col">{tr('direction')}</th>
                    <th scope="col">{tr('code')}</th>
                    <th scope="col">{tr('name')}</th>
                    <th scope="col">{tr('layer')}</th>
                    <th scope="col" className="num">
                      {tr('depth')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {(tableOpen ? [...up.map((it) => ['up', it] as const), ...down.map((it) => ['down', it] as const)] : []).map(
                    ([side, it]) => (
                      <tr key={`${side}:${it.code}`}>
                        <td>{side === 'up' ? tr('dirDependencies') : tr('dirDependents')}</td>
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
                      </tr>
                    ),
                  )}
                </tbody>
              </table>
            </div>
          </details>
        </>
      )}
    </section>
  );
}
