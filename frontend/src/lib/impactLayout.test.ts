import { describe, expect, it } from 'vitest';
import { buildImpactGraph, componentId, provinceAggId, type ImpactItem } from './impactGraph';
import { radialLayout } from './impactLayout';

const it1 = (code: string, o: Partial<ImpactItem>): ImpactItem => ({
  code,
  name: code,
  nameEn: code,
  layer: 'L2',
  depth: 1,
  level: 'PROVINCE',
  ownerCode: null,
  provinceCode: null,
  dependsOn: ['ROOT'],
  ...o,
});

const provinces = ['AG', 'BN', 'HN', 'HUE', 'QN'];
const items: ImpactItem[] = [
  ...provinces.map((p) => it1(`${p}-LGSP`, { provinceCode: p })),
  ...provinces.flatMap((p) =>
    Array.from({ length: 20 }, (_, i) => it1(`${p}-X${i}`, { provinceCode: p, level: 'COMMUNE', depth: 2, dependsOn: [`${p}-LGSP`] })),
  ),
  ...Array.from({ length: 8 }, (_, i) => it1(`BO-${i}`, { level: 'MINISTRY' })),
];
const graph = buildImpactGraph({
  root: { code: 'ROOT', name: 'Root', nameEn: 'Root', layer: 'L2', dependsOn: [] },
  maxDepth: 3,
  total: items.length,
  items,
  byProvince: provinces.map((p) => ({ key: p, name: p, nameEn: p, count: 21 })),
  maxNodes: 50,
});

const radius = (p: { x: number; y: number }) => Math.hypot(p.x, p.y);
const angle = (p: { x: number; y: number }) => Math.atan2(p.y, p.x);

describe('radialLayout', () => {
  const pos = radialLayout(graph.nodes);
  it('places every node, the root in the centre', () => {
    expect(pos.size).toBe(graph.nodes.length);
    expect(pos.get('root:ROOT')).toEqual({ x: 0, y: 0 });
    for (const p of pos.values()) expect(Number.isFinite(p.x) && Number.isFinite(p.y)).toBe(true);
  });
  it('puts the aggregates on a ring outside the components', () => {
    const comp = graph.nodes.filter((n) => n.kind === 'component').map((n) => radius(pos.get(n.id) ?? { x: 0, y: 0 }));
    const agg = graph.nodes.filter((n) => n.kind === 'aggregate').map((n) => radius(pos.get(n.id) ?? { x: 0, y: 0 }));
    expect(agg.length).toBe(provinces.length);
    expect(Math.min(...agg)).toBeGreaterThan(Math.max(...comp));
  });
  it('lines a province’s aggregate up with its platform', () => {
    for (const p of provinces) {
      const a = angle(pos.get(provinceAggId(p)) ?? { x: 0, y: 0 });
      const c = angle(pos.get(componentId(`${p}-LGSP`)) ?? { x: 0, y: 0 });
      const d = Math.abs(Math.atan2(Math.sin(a - c), Math.cos(a - c)));
      expect(d, p).toBeLessThan(0.35);
    }
  });
  it('keeps nodes on one ring apart', () => {
    const ring = graph.nodes.filter((n) => n.kind === 'component').map((n) => pos.get(n.id) ?? { x: 0, y: 0 });
    for (let i = 0; i < ring.length; i++)
      for (let j = i + 1; j < ring.length; j++) {
        const a = ring[i] as { x: number; y: number };
        const b = ring[j] as { x: number; y: number };
        expect(Math.hypot(a.x - b.x, a.y - b.y)).toBeGreaterThan(26);
      }
  });
});
