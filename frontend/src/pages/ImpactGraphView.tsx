// The impact graph, drawn with Cytoscape.js. This module (and Cytoscape with it) is loaded only
// when the impact explorer shows a graph. The graph lives outside React state: React hands it
// the elements, Cytoscape owns the canvas.

import { useEffect, useRef } from 'react';
import cytoscape from 'cytoscape';
import type { Core, ElementDefinition, NodeSingular, StylesheetJson } from 'cytoscape';
import { LAYER_COLORS, layerColor, UNKNOWN_LAYER_COLOR } from '../lib/color';
import { layerShares, maxAggregate, nodeLabel, nodeSize, type ImpactGraph } from '../lib/impactGraph';
import { radialLayout } from '../lib/impactLayout';
import type { Lang } from '../lib/i18n';

export interface GraphHandle {
  png: () => Promise<Blob>;
  focus: (id: string) => void;
}

const LAYER_ORDER = Object.keys(LAYER_COLORS);

function elements(g: ImpactGraph, lang: Lang, restLabel: string): ElementDefinition[] {
  const out: ElementDefinition[] = [];
  const maxCount = maxAggregate(g.nodes);
  for (const n of g.nodes) {
    const shares = layerShares(n.layers);
    const data: Record<string, string | number> = {
      id: n.id,
      kind: n.kind,
      label: nodeLabel(n, lang, restLabel),
      color: n.kind === 'aggregate' ? (shares.length ? '#ffffff' : UNKNOWN_LAYER_COLOR) : layerColor(n.layer),
      size: nodeSize(n, maxCount),
    };
    LAYER_ORDER.forEach((l, i) => {
      data[`p${i + 1}`] = shares.find((s) => s.layer === l)?.percent ?? 0;
    });
    out.push({ group: 'nodes', data });
  }
  for (const e of g.edges) {
    out.push({
      group: 'edges',
      data: {
        id: e.id,
        source: e.source,
        target: e.target,
        width: Math.min(5, 1 + 1.5 * Math.log10(e.count)),
        inferred: e.inferred ? 1 : 0,
      },
    });
  }
  return out;
}

const STYLE: StylesheetJson = [
  {
    selector: 'node',
    style: {
      label: 'data(label)',
      'background-color': 'data(color)',
      width: 'data(size)',
      height: 'data(size)',
      'font-size': 12,
      'min-zoomed-font-size': 9,
      'font-family': 'system-ui, sans-serif',
      color: '#111827',
      'text-valign': 'bottom',
      'text-margin-y': 3,
      'text-outline-color': '#ffffff',
      'text-outline-width': 2,
      'border-width': 1,
      'border-color': '#ffffff',
    },
  },
  {
    selector: 'node[kind = "root"]',
    style: {
      shape: 'round-rectangle',
      'border-width': 5,
      'border-color': '#111827',
      'font-size': 24,
      'font-weight': 'bold',
      'min-zoomed-font-size': 0,
      'text-outline-width': 3,
    },
  },
  {
    selector: 'node[kind = "aggregate"]',
    style: {
      'border-width': 4,
      'border-style': 'dashed',
      'border-color': '#111827',
      'pie-size': '100%',
      'pie-1-background-color': LAYER_COLORS.L1 ?? UNKNOWN_LAYER_COLOR,
      'pie-1-background-size': (n: NodeSingular) => Number(n.data('p1')),
      'pie-2-background-color': LAYER_COLORS.L2 ?? UNKNOWN_LAYER_COLOR,
      'pie-2-background-size': (n: NodeSingular) => Number(n.data('p2')),
      'pie-3-background-color': LAYER_COLORS.L3 ?? UNKNOWN_LAYER_COLOR,
      'pie-3-background-size': (n: NodeSingular) => Number(n.data('p3')),
      'pie-4-background-color': LAYER_COLORS.L4 ?? UNKNOWN_LAYER_COLOR,
      'pie-4-background-size': (n: NodeSingular) => Number(n.data('p4')),
      'font-size': 20,
      'font-weight': 'bold',
      'min-zoomed-font-size': 0,
      'text-outline-width': 3,
      'text-wrap': 'wrap',
      'text-max-width': '220px',
    },
  },
  {
    selector: 'edge',
    style: {
      width: 'data(width)',
      'line-color': '#9ca3af',
      'target-arrow-color': '#6b7280',
      'target-arrow-shape': 'triangle',
      'arrow-scale': 0.7,
      'curve-style': 'straight',
      opacity: 0.55,
    },
  },
  { selector: 'edge[inferred = 1]', style: { 'line-style': 'dashed', 'target-arrow-shape': 'none', opacity: 0.5 } },
  {
    selector: ':selected',
    style: { 'border-width': 5, 'border-color': '#f59e0b', 'border-style': 'solid', 'min-zoomed-font-size': 0, 'font-size': 18 },
  },
];

export default function ImpactGraphView({
  graph,
  lang,
  restLabel,
  label,
  onSelect,
  onReady,
}: {
  graph: ImpactGraph;
  lang: Lang;
  restLabel: string;
  label: string;
  onSelect: (id: string | null) => void;
  onReady: (h: GraphHandle | null) => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const cy = useRef<Core | null>(null);
  const select = useRef(onSelect);
  select.current = onSelect;

  useEffect(() => {
    if (!box.current) return;
    const c = cytoscape({
      container: box.current,
      style: STYLE,
      minZoom: 0.1,
      maxZoom: 4,
      boxSelectionEnabled: false,
      selectionType: 'single',
    });
    c.on('tap', 'node', (e) => select.current(e.target.id()));
    c.on('tap', (e) => {
      if (e.target === c) select.current(null);
    });
    cy.current = c;
    onReady({
      png: () => c.png({ output: 'blob-promise', bg: '#ffffff', full: true, scale: 2 }),
      focus: (id: string) => {
        const n = c.getElementById(id);
        if (n.nonempty()) {
          c.elements().unselect();
          n.select();
          c.animate({ center: { eles: n }, duration: 200 });
        }
      },
    });
    return () => {
      onReady(null);
      c.destroy();
      cy.current = null;
    };
    // onReady is a state setter from the parent: stable.
  }, [onReady]);

  useEffect(() => {
    const c = cy.current;
    const el = box.current;
    if (!c || !el) return;
    el.dataset.rendered = 'false';
    c.batch(() => {
      c.elements().remove();
      c.add(elements(graph, lang, restLabel));
    });
    const positions = radialLayout(graph.nodes);
    const layout = c.layout({
      name: 'preset',
      positions: Object.fromEntries(positions),
      animate: false,
      fit: true,
      padding: 30,
    });
    layout.one('layoutstop', () => {
      // A small graph is not blown up past a comfortable size.
      if (c.zoom() > 1.25) {
        c.zoom(1.25);
        c.center();
      }
      el.dataset.rendered = 'true';
      el.dataset.nodes = String(c.nodes().length);
      performance.mark('impact-graph-rendered');
    });
    layout.run();
  }, [graph, lang, restLabel]);

  return <div ref={box} className="graph-canvas" role="img" aria-label={label} data-testid="impact-graph" data-rendered="false" />;
}
