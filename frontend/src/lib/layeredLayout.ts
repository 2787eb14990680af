// The layered layout of the impact and neighbourhood graphs: one column per rank (a node's depth:
// the root at 0, dependents to its right, dependencies to its left), each column ordered so that
// a node sits near what links it to the columns already placed (the barycentre of its
// neighbours there), columns as wide as their widest label so that no label runs into the next
// column. Pure (text is measured by a function passed in) and linear in the graph's size: the
// graphs it lays out are a page of nodes at most.

import type { EGraph, ENode } from './impactExplorer';

export interface Box {
  id: string;
  /** Centre of the node's shape. */
  x: number;
  y: number;
  /** Diameter (or side) of the shape. */
  size: number;
  /** The label's lines, wrapped to LABEL_MAX px; drawn to the right of the shape. */
  lines: string[];
  /** The widest line's width. */
  labelWidth: number;
  fontSize: number;
  node: ENode;
}

export interface Layout {
  boxes: Box[];
  byId: Map<string, Box>;
  width: number;
  height: number;
}

export const LABEL_MAX = 190;
const LABEL_GAP = 6;
const COLUMN_GAP = 70;
const ROW_GAP = 12;
const EMPTY_COLUMN = 90;
const PAD = 20;
export const LINE_HEIGHT = 1.25;

export type Measure = (text: string, fontSize: number, bold: boolean) => number;

export function fontSizeOf(n: ENode): number {
  return n.kind === 'root' ? 14 : n.kind === 'group' ? 13 : 12;
}

/** sizeOf is the shape's size: groups grow with their count (by area) within readable bounds. */
export function sizeOf(n: ENode, maxCount: number): number {
  if (n.kind === 'group' || n.kind === 'rest') return 26 + 34 * Math.sqrt(n.count / Math.max(1, maxCount));
  return n.kind === 'root' ? 40 : 22;
}

/** wrap breaks a label at its newlines, then between words so that no line is wider than max
 * (a single word wider than max keeps its own line). */
export function wrap(label: string, max: number, width: (s: string) => number): string[] {
  const out: string[] = [];
  for (const para of label.split('\n')) {
    let line = '';
    for (const word of para.split(/\s+/).filter(Boolean)) {
      const next = line ? `${line} ${word}` : word;
      if (line && width(next) > max) {
        out.push(line);
        line = word;
      } else {
        line = next;
      }
    }
    out.push(line);
  }
  return out;
}

/** layeredLayout places g's nodes: columns by rank, rows by barycentre, sizes from measure. */
export function layeredLayout(g: EGraph, measure: Measure): Layout {
  const maxCount = Math.max(1, ...g.nodes.filter((n) => n.kind === 'group' || n.kind === 'rest').map((n) => n.count));
  const boxes = new Map<string, Box & { w: number; h: number; order: number }>();
  g.nodes.forEach((n, order) => {
    const fontSize = fontSizeOf(n);
    const bold = n.kind === 'root';
    const lines = wrap(n.label, LABEL_MAX, (s) => measure(s, fontSize, bold));
    const size = sizeOf(n, maxCount);
    const textW = Math.max(0, ...lines.map((l) => measure(l, fontSize, bold)));
    const h = Math.max(size, lines.length * fontSize * LINE_HEIGHT);
    boxes.set(n.id, { id: n.id, x: 0, y: 0, size, lines, labelWidth: textW, fontSize, node: n, w: textW, h, order });
  });

  // Neighbours of each node, both directions (the order only needs to know who is linked).
  const links = new Map<string, string[]>();
  for (const e of g.edges) {
    if (!boxes.has(e.source) || !boxes.has(e.target)) continue;
    links.set(e.source, [...(links.get(e.source) ?? []), e.target]);
    links.set(e.target, [...(links.get(e.target) ?? []), e.source]);
  }

  // Every depth between the extremes is a column, empty or not: a "via" edge is as long as the
  // steps it stands for.
  const depths = g.nodes.map((n) => n.depth);
  const ranks: number[] = [];
  for (let r = Math.min(...depths); r <= Math.max(...depths); r++) ranks.push(r);
  const columns = new Map<number, (Box & { w: number; h: number; order: number })[]>();
  for (const b of boxes.values()) columns.set(b.node.depth, [...(columns.get(b.node.depth) ?? []), b]);

  // Column x: each column as wide as its largest shape plus its widest label.
  let x = PAD;
  const centreX = new Map<number, number>();
  for (const r of ranks) {
    const col = columns.get(r) ?? [];
    const shape = Math.max(0, ...col.map((b) => b.size));
    const label = Math.max(0, ...col.map((b) => b.w));
    centreX.set(r, x + shape / 2);
    x += col.length ? shape + LABEL_GAP + label + COLUMN_GAP : EMPTY_COLUMN;
  }
  const width = x - COLUMN_GAP + PAD;

  // Rows: from the rank nearest 0 outwards, each column sorted by the barycentre of its
  // neighbours already placed (input order for a node with none), stacked around y = 0.
  const placed = new Set<string>();
  const outward = [...ranks].sort((a, b) => Math.abs(a) - Math.abs(b) || b - a);
  for (const r of outward) {
    const col = columns.get(r) ?? [];
    const key = new Map<string, number>();
    for (const b of col) {
      const ys = (links.get(b.id) ?? []).filter((id) => placed.has(id)).map((id) => boxes.get(id)?.y ?? 0);
      key.set(b.id, ys.length ? ys.reduce((a, y) => a + y, 0) / ys.length : Number.POSITIVE_INFINITY);
    }
    col.sort((a, b) => (key.get(a.id) ?? 0) - (key.get(b.id) ?? 0) || a.order - b.order);
    const total = col.reduce((a, b) => a + b.h, 0) + ROW_GAP * (col.length - 1);
    let y = -total / 2;
    for (const b of col) {
      b.x = centreX.get(r) ?? 0;
      b.y = y + b.h / 2;
      y += b.h + ROW_GAP;
      placed.add(b.id);
    }
  }

  const all = [...boxes.values()];
  const top = Math.min(...all.map((b) => b.y - b.h / 2));
  const bottom = Math.max(...all.map((b) => b.y + b.h / 2));
  for (const b of all) b.y += PAD - top;
  const out: Box[] = all.map(({ id, x: bx, y: by, size, lines, labelWidth, fontSize, node }) => ({
    id,
    x: bx,
    y: by,
    size,
    lines,
    labelWidth,
    fontSize,
    node,
  }));
  return { boxes: out, byId: new Map(out.map((b) => [b.id, b])), width, height: bottom - top + 2 * PAD };
}

/** edgePath is an edge's curve from the source to the side of the target facing it: rightwards
 * it leaves after the source's label (never across it), leftwards from the shape's left side; a
 * loop to the left between nodes of one column. */
export function edgePath(s: Box, t: Box): string {
  const r1 = s.size / 2;
  const r2 = t.size / 2 + 2;
  if (Math.abs(s.x - t.x) < 1) {
    const x1 = s.x - r1;
    const x2 = t.x - r2;
    const bend = 40 + Math.min(120, Math.abs(t.y - s.y) / 4);
    return `M${x1},${s.y} C${x1 - bend},${s.y} ${x2 - bend},${t.y} ${x2},${t.y}`;
  }
  const dir = t.x > s.x ? 1 : -1;
  const x1 = dir > 0 ? s.x + r1 + LABEL_GAP + s.labelWidth + 4 : s.x - r1;
  const x2 = t.x - dir * r2;
  const mid = (x1 + x2) / 2;
  return `M${x1},${s.y} C${mid},${s.y} ${mid},${t.y} ${x2},${t.y}`;
}
