import { describe, expect, it } from 'vitest';
import {
  buildImpactGraph,
  componentId,
  itemsCsv,
  layerShares,
  maxAggregate,
  nodeLabel,
  nodeSize,
  provinceAggId,
  provincesCsv,
  REST_ID,
  rootId,
  type GraphInput,
  type ImpactItem,
} from './impactGraph';

const root = { code: 'NDXP', name: 'Nền tảng NDXP', nameEn: 'NDXP', layer: 'L2', dependsOn: [] };

function item(code: string, o: Partial<ImpactItem> = {}): ImpactItem {
  return {
    code,
    name: code,
    nameEn: code,
    layer: 'L2',
    depth: 1,
    level: 'MINISTRY',
    ownerCode: null,
    provinceCode: null,
    dependsOn: ['NDXP'],
    ...o,
  };
}

// A province (HN) whose LGSP depends on NDXP and whose communes depend on the LGSP, another
// (HUE) likewise, and a ministry system.
const lgspHN = item('HN-LGSP', { level: 'PROVINCE', provinceCode: 'HN' });
const lgspHUE = item('HUE-LGSP', { level: 'PROVINCE', provinceCode: 'HUE' });
const bo = item('BO-LGSP');
const communes = [
  ...Array.from({ length: 6 }, (_, i) =>
    item(`HN-X${i}`, { level: 'COMMUNE', provinceCode: 'HN', depth: 2, dependsOn: ['HN-LGSP'], layer: i < 4 ? 'L2' : 'L3' }),
  ),
  ...Array.from({ length: 3 }, (_, i) => item(`HUE-X${i}`, { level: 'COMMUNE', provinceCode: 'HUE', depth: 2, dependsOn: ['HUE-LGSP'] })),
];
const all = [bo, lgspHN, lgspHUE, ...communes];
const byProvince = [
  { key: 'HN', name: 'Hà Nội', nameEn: 'Hanoi', count: 7 },
  { key: 'HUE', name: 'Huế', nameEn: 'Hue', count: 4 },
];

const input = (o: Partial<GraphInput>): GraphInput => ({
  root,
  maxDepth: 3,
  total: all.length,
  items: all,
  byProvince,
  maxNodes: 150,
  ...o,
});

const countOf = (g: ReturnType<typeof buildImpactGraph>) => g.nodes.filter((n) => n.kind !== 'root').reduce((s, n) => s + n.count, 0);

describe('buildImpactGraph', () => {
  it('draws a small, fully loaded result component by component with its real edges', () => {
    const g = buildImpactGraph(input({}));
    expect(g.aggregated).toBe(false);
    expect(g.nodes).toHaveLength(all.length + 1);
    expect(g.nodes.filter((n) => n.kind === 'aggregate')).toHaveLength(0);
    const ids = new Set(g.edges.map((e) => e.id));
    expect(ids.has(`${componentId('HN-X0')}->${componentId('HN-LGSP')}`)).toBe(true);
    expect(ids.has(`${componentId('HN-LGSP')}->${rootId('NDXP')}`)).toBe(true);
    expect(g.edges.every((e) => !e.inferred)).toBe(true);
  });

  it('rolls communes up into their province when the result is large, keeping every count', () => {
    const g = buildImpactGraph(input({ maxNodes: 5 }));
    expect(g.aggregated).toBe(true);
    const hn = g.nodes.find((n) => n.id === provinceAggId('HN'));
    const hue = g.nodes.find((n) => n.id === provinceAggId('HUE'));
    expect(hn?.count).toBe(6);
    expect(hue?.count).toBe(3);
    expect(hn?.layers).toEqual({ L2: 4, L3: 2 });
    expect(hn?.layer).toBe('L2');
    expect(hn?.name).toBe('Hà Nội');
    // The province platforms stay individual; the communes' edges are merged into one.
    expect(g.nodes.find((n) => n.id === componentId('HN-LGSP'))?.kind).toBe('component');
    const e = g.edges.find((x) => x.source === provinceAggId('HN'));
    expect(e).toMatchObject({ target: componentId('HN-LGSP'), count: 6, inferred: false });
    expect(countOf(g)).toBe(all.length);
  });

  it('adds what is not loaded yet from the summary, and hangs unreached aggregates off the root', () => {
    // Only the first 3 items are loaded; the summary says 12 in all (1 more outside provinces).
    const g = buildImpactGraph(input({ items: all.slice(0, 3), total: 13 }));
    expect(g.aggregated).toBe(true);
    expect(g.loaded).toBe(3);
    expect(g.nodes.find((n) => n.id === provinceAggId('HN'))?.count).toBe(6); // 7 − the LGSP
    expect(g.nodes.find((n) => n.id === provinceAggId('HUE'))?.count).toBe(3);
    expect(g.nodes.find((n) => n.id === REST_ID)?.count).toBe(13 - 11 - 1);
    expect(countOf(g)).toBe(13);
    const inferred = g.edges.filter((e) => e.inferred);
    expect(inferred.map((e) => e.source).sort()).toEqual([provinceAggId('HN'), provinceAggId('HUE'), REST_ID].sort());
    expect(inferred.every((e) => e.target === rootId('NDXP'))).toBe(true);
  });

  it('rolls the overflow of non-commune components into the rest', () => {
    const many = Array.from({ length: 10 }, (_, i) => item(`BO-${i}`));
    const g = buildImpactGraph(input({ items: many, total: 10, byProvince: [], maxNodes: 4 }));
    expect(g.nodes.filter((n) => n.kind === 'component')).toHaveLength(4);
    expect(g.nodes.find((n) => n.id === REST_ID)?.count).toBe(6);
    expect(countOf(g)).toBe(10);
  });

  it('follows the root’s own dependencies for the DEPENDENCIES direction', () => {
    const r = { ...root, dependsOn: ['NDC'] };
    const g = buildImpactGraph(input({ root: r, items: [item('NDC', { dependsOn: [] })], total: 1, byProvince: [] }));
    expect(g.edges).toEqual([expect.objectContaining({ source: rootId('NDXP'), target: componentId('NDC') })]);
  });

  it('never draws a self edge', () => {
    const g = buildImpactGraph(input({ items: [item('A', { dependsOn: ['A', 'NDXP'] })], total: 1, byProvince: [] }));
    expect(g.edges.every((e) => e.source !== e.target)).toBe(true);
  });
});

describe('shares, sizes, labels', () => {
  it('layer shares add up to 100', () => {
    const s = layerShares({ L1: 1, L2: 1, L3: 1 });
    expect(s.map((x) => x.layer)).toEqual(['L1', 'L2', 'L3']);
    expect(s.reduce((a, x) => a + x.percent, 0)).toBeCloseTo(100, 5);
    expect(layerShares({})).toEqual([]);
  });
  it('aggregate size grows with the count relative to the largest, within bounds', () => {
    expect(nodeSize({ kind: 'aggregate', count: 1 }, 200)).toBeLessThan(nodeSize({ kind: 'aggregate', count: 100 }, 200));
    expect(nodeSize({ kind: 'aggregate', count: 200 }, 200)).toBe(96);
    expect(nodeSize({ kind: 'aggregate', count: 0 }, 200)).toBe(30);
    expect(nodeSize({ kind: 'component', count: 1 }, 200)).toBe(26);
    expect(
      maxAggregate([
        { kind: 'aggregate', count: 5 },
        { kind: 'component', count: 9 },
      ]),
    ).toBe(5);
  });
  it('labels aggregates with their province and count in the UI language', () => {
    const g = buildImpactGraph(input({ maxNodes: 5 }));
    const hn = g.nodes.find((n) => n.id === provinceAggId('HN'));
    if (!hn) throw new Error('no HN aggregate');
    expect(nodeLabel(hn, 'vi', 'Còn lại')).toBe('Hà Nội · 6');
    expect(nodeLabel(hn, 'en', 'Others')).toBe('Hanoi · 6');
  });
});

describe('impact CSV', () => {
  it('lists every item with its province', () => {
    const csv = itemsCsv([lgspHN, communes[0] as ImpactItem]);
    const lines = csv.replace('\uFEFF', '').trim().split('\r\n');
    expect(lines[0]).toBe('depth,code,name,nameEn,layer,ownerLevel,owner,province');
    expect(lines[1]).toBe('1,HN-LGSP,HN-LGSP,HN-LGSP,L2,PROVINCE,,HN');
    expect(lines).toHaveLength(3);
  });
  it('counts by province, with the rest outside provinces', () => {
    const lines = provincesCsv(byProvince, 12).replace('\uFEFF', '').trim().split('\r\n');
    expect(lines).toEqual(['province,name,nameEn,count', 'HN,Hà Nội,Hanoi,7', 'HUE,Huế,Hue,4', ',Không thuộc tỉnh nào,In no province,1']);
  });
});
