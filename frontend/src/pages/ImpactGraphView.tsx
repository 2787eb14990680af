// The impact graph, drawn with Cytoscape.js and laid out in layers by depth with dagre (the
// cytoscape-dagre extension): the root on the left, each depth a column to its right. The view
// never holds more than a page of nodes (groups counted on the server, or one page of
// components). This module (and Cytoscape with it) is loaded only when the graph is shown.

import { useEffect, useRef } from 'react';
import cytoscape from 'cytoscape';
import dagre from 'cytoscape-dagre';
import svg from 'cytoscape-svg';
import type { Core, EdgeSingular, ElementDefinition, LayoutOptions, StylesheetJson } from 'cytoscape';
import { layerColor } from '../lib/color';
import type { EGraph } from '../lib/impactExplorer';

cytoscape.use(dagre);
cytoscape.use(svg);

export interface GraphHandle {
  png: () => Promise<Blob>;
  svg: () => Blob;
}

function elements(g: EGraph): ElementDefinition[] {
  const max = Math.max(1, ...g.nodes.filter((n) => n.kind === 'group' || n.kind === 'rest').map((n) => n.count));
  const out: ElementDefinition[] = g.nodes.map((n) => ({
    group: 'nodes',
    data: {
      id: n.id,
      kind: n.kind,
      label: n.label,
      color: n.kind === 'group' && !n.layer ? '#dbeafe' : n.kind === 'rest' ? '#f3f4f6' : layerColor(n.layer),
      // Groups grow with their count (by area), within readable bounds.
      size: n.kind === 'group' || n.kind === 'rest' ? 26 + 34 * Math.sqrt(n.count / max) : n.kind === 'root' ? 40 : 22,
    },
  }));
  for (const e of g.edges) {
    out.push({ group: 'edges', data: { id: e.id, source: e.source, target: e.target, minLen: e.minLen, via: e.via ? 1 : 0 } });
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
      'font-family': 'system-ui, sans-serif',
      color: '#111827',
      'text-wrap': 'wrap',
      'text-max-width': '190px',
      'text-valign': 'center',
      'text-halign': 'right',
      'text-margin-x': 6,
      'text-outline-color': '#ffffff',
      'text-outline-width': 2,
      'border-width': 1,
      'border-color': '#374151',
    },
  },
  {
    selector: 'node[kind = "root"]',
    style: { shape: 'round-rectangle', 'border-width': 4, 'border-color': '#111827', 'font-size': 14, 'font-weight': 'bold' },
  },
  { selector: 'node[kind = "group"]', style: { 'font-size': 13, 'border-width': 2 } },
  { selector: 'node[kind = "rest"]', style: { 'border-style': 'dashed', 'border-width': 2 } },
  {
    selector: 'edge',
    style: {
      width: 1.5,
      'line-color': '#9ca3af',
      'target-arrow-color': '#6b7280',
      'target-arrow-shape': 'triangle',
      'arrow-scale': 0.8,
      'curve-style': 'bezier',
    },
  },
  { selector: 'edge[via = 1]', style: { 'line-style': 'dashed', 'line-color': '#c4c9d1' } },
  { selector: ':selected', style: { 'border-width': 4, 'border-color': '#b45309' } },
];

export default function ImpactGraphView({
  graph,
  label,
  onActivate,
  onReady,
}: {
  graph: EGraph;
  label: string;
  /** A node clicked (its id). */
  onActivate: (id: string) => void;
  onReady: (h: GraphHandle | null) => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  const cy = useRef<Core | null>(null);
  const activate = useRef(onActivate);
  activate.current = onActivate;

  useEffect(() => {
    if (!box.current) return;
    const c = cytoscape({
      container: box.current,
      style: STYLE,
      minZoom: 0.05,
      maxZoom: 3,
      boxSelectionEnabled: false,
      selectionType: 'single',
    });
    c.on('tap', 'node', (e) => activate.current(String(e.target.id())));
    cy.current = c;
    onReady({
      // full: the whole graph, labels included, whatever the zoom.
      png: () => c.png({ output: 'blob-promise', bg: '#ffffff', full: true, scale: 2 }),
      svg: () => new Blob([c.svg({ full: true, bg: '#ffffff', scale: 1 })], { type: 'image/svg+xml;charset=utf-8' }),
    });
    return () => {
      onReady(null);
      c.destroy();
      cy.current = null;
    };
  }, [onReady]);

  useEffect(() => {
    const c = cy.current;
    const el = box.current;
    if (!c || !el) return;
    el.dataset.rendered = 'false';
    c.batch(() => {
      c.elements().remove();
      c.add(elements(graph));
    });
    const layout = c.layout({
      name: 'dagre',
      rankDir: 'LR',
      nodeSep: 16,
      rankSep: 150,
      minLen: (e: EdgeSingular) => Number(e.data('minLen')) || 1,
      fit: true,
      padding: 20,
      animate: false,
    } as LayoutOptions);
    layout.one('layoutstop', () => {
      if (c.zoom() > 1.2) {
        c.zoom(1.2);
        c.center();
      }
      el.dataset.rendered = 'true';
      el.dataset.nodes = String(c.nodes().length);
    });
    layout.run();
  }, [graph]);

  // Tall enough for the largest column at a readable size (the page scrolls, not the labels shrink).
  const perRank = new Map<number, number>();
  for (const n of graph.nodes) perRank.set(n.depth, (perRank.get(n.depth) ?? 0) + 1);
  const height = Math.max(420, Math.min(2400, 60 + 34 * Math.max(...perRank.values())));
  return (
    <div
      ref={box}
      className="graph-canvas"
      style={{ height }}
      role="img"
      aria-label={label}
      data-testid="impact-graph"
      data-rendered="false"
    />
  );
}
