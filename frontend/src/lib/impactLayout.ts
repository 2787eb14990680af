// Positions for the impact graph: the root in the centre, one ring per depth for the
// components drawn one by one, and the rolled-up aggregates on an outer ring. Around the
// circle, every province has its own sector, so that a province's platforms and the aggregate
// of its communes line up; components outside any province (central, ministries) share the
// sectors at the end. Deterministic and pure (Cytoscape only places what it gets).

import { maxAggregate, nodeSize, type GNode } from './impactGraph';

export interface Point {
  x: number;
  y: number;
}

const SPACING = 14;
const RING_GAP = 90;

/** arcOf is the room a node takes along its ring: itself and a gap (component labels show
 * when zoomed in, so they need no room at the overview's zoom). */
function arcOf(n: GNode, maxCount: number): number {
  return nodeSize(n, maxCount) + SPACING;
}

function sectorOf(n: GNode): string {
  if (n.kind === 'aggregate') return n.province ? `p:${n.province}` : '~rest';
  return n.province ? `p:${n.province}` : '~none';
}

export function ringOf(n: GNode, outer: number): number {
  if (n.kind === 'root') return 0;
  if (n.kind === 'aggregate') return outer;
  return Math.max(1, n.depth);
}

export function radialLayout(nodes: readonly GNode[]): Map<string, Point> {
  const pos = new Map<string, Point>();
  const maxCount = maxAggregate(nodes);
  const arc = (n: GNode) => arcOf(n, maxCount);
  const size = (n: GNode) => nodeSize(n, maxCount);
  const maxDepth = nodes.reduce((m, n) => (n.kind === 'component' ? Math.max(m, n.depth) : m), 0);
  const outer = maxDepth + 1;

  // Nodes per ring, per sector.
  const rings = new Map<number, GNode[]>();
  for (const n of nodes) {
    const r = ringOf(n, outer);
    const list = rings.get(r) ?? [];
    list.push(n);
    rings.set(r, list);
  }
  // Each sector's share of the circle is the room its nodes need on its most crowded ring.
  const sectors = [...new Set(nodes.filter((n) => n.kind !== 'root').map(sectorOf))].sort();
  const weight = new Map<string, number>();
  for (const [r, list] of rings) {
    if (r === 0) continue;
    const per = new Map<string, number>();
    for (const n of list) per.set(sectorOf(n), (per.get(sectorOf(n)) ?? 0) + arc(n));
    for (const [s, c] of per) weight.set(s, Math.max(weight.get(s) ?? 0, c));
  }
  const totalWeight = sectors.reduce((a, s) => a + (weight.get(s) ?? 1), 0) || 1;
  const start = new Map<string, number>();
  let acc = 0;
  for (const s of sectors) {
    start.set(s, (acc / totalWeight) * 2 * Math.PI);
    acc += weight.get(s) ?? 1;
  }
  const span = (s: string) => ((weight.get(s) ?? 1) / totalWeight) * 2 * Math.PI;

  // Radii: each ring is far enough from the previous one and long enough for its nodes.
  let radius = 0;
  let prevHalf = 0;
  const order = [...rings.keys()].sort((a, b) => a - b);
  for (const r of order) {
    const list = (rings.get(r) ?? []).slice().sort((a, b) => sectorOf(a).localeCompare(sectorOf(b)) || a.code.localeCompare(b.code));
    if (r === 0) {
      for (const n of list) pos.set(n.id, { x: 0, y: 0 });
      prevHalf = Math.max(...list.map((n) => size(n) / 2), 0);
      continue;
    }
    const half = Math.max(...list.map((n) => size(n) / 2));
    // The tightest sector decides how long the circle must be.
    let need = 0;
    const bySector = new Map<string, GNode[]>();
    for (const n of list) {
      const s = sectorOf(n);
      const l = bySector.get(s) ?? [];
      l.push(n);
      bySector.set(s, l);
    }
    for (const [s, l] of bySector) {
      const len = l.reduce((a, n) => a + arc(n), 0);
      need = Math.max(need, len / span(s));
    }
    radius = Math.max(radius + prevHalf + half + RING_GAP, need);
    prevHalf = half;
    for (const [s, l] of bySector) {
      const a0 = start.get(s) ?? 0;
      const step = span(s) / l.length;
      l.forEach((n, i) => {
        const a = a0 + step * (i + 0.5) - Math.PI / 2;
        pos.set(n.id, { x: Math.round(radius * Math.cos(a)), y: Math.round(radius * Math.sin(a)) });
      });
    }
  }
  return pos;
}
