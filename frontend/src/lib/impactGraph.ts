// Builds the impact explorer's graph from what the API returned: the summary (total and counts
// by province) and the items loaded so far (each with its direct dependencies). A small result
// is drawn component by component; a large one is aggregated: commune components are rolled up
// into one node per province (sized by count, coloured by its mix of layers), whatever has not
// been loaded yet is added to the counts from the summary, so the picture is never wrong about
// how many, only less detailed. Pure: no React, no Cytoscape.

import { toCsv } from './csv';
import { nameOf, type Lang } from './i18n';

export interface ImpactItem {
  code: string;
  name: string;
  nameEn: string;
  layer: string;
  depth: number;
  /** The owner's level (CENTRAL, MINISTRY, PROVINCE, COMMUNE), null when no agency owns it. */
  level: string | null;
  ownerCode: string | null;
  provinceCode: string | null;
  /** Codes of the components it depends on directly. */
  dependsOn: readonly string[];
}

export interface RootInfo {
  code: string;
  name: string;
  nameEn: string;
  layer: string;
  dependsOn: readonly string[];
}

export interface ProvinceCount {
  key: string;
  name: string;
  nameEn: string;
  count: number;
}

export interface GraphInput {
  root: RootInfo;
  maxDepth: number;
  total: number;
  items: readonly ImpactItem[];
  byProvince: readonly ProvinceCount[];
  /** Most component nodes drawn one by one; beyond it, the result is aggregated. */
  maxNodes: number;
}

export type GNodeKind = 'root' | 'component' | 'aggregate';

export interface GNode {
  id: string;
  kind: GNodeKind;
  code: string;
  name: string;
  nameEn: string;
  /** component and root: its layer; aggregate: the most frequent loaded layer, or ''. */
  layer: string;
  depth: number;
  /** aggregate: components it stands for (1 for the others). */
  count: number;
  /** aggregate: loaded components by layer code. */
  layers: Readonly<Record<string, number>>;
  /** aggregate of a province: the province code. */
  province: string | null;
}

export interface GEdge {
  id: string;
  source: string;
  target: string;
  /** How many DEPENDS_ON relationships it stands for. */
  count: number;
  /** True for an edge that stands for an unknown path (an aggregate nothing loaded connects). */
  inferred: boolean;
}

export interface ImpactGraph {
  nodes: GNode[];
  edges: GEdge[];
  aggregated: boolean;
  /** Items drawn (or counted) from loaded details, out of total. */
  loaded: number;
}

export const REST_ID = 'agg:rest';
export const rootId = (code: string) => `root:${code}`;
export const componentId = (code: string) => `c:${code}`;
export const provinceAggId = (province: string) => `agg:p:${province}`;

/** isAggregated tells whether a result of this size is drawn rolled up. */
export function isAggregated(total: number, loaded: number, maxNodes: number): boolean {
  return total > maxNodes || loaded < total;
}

export function buildImpactGraph(input: GraphInput): ImpactGraph {
  const { root, items, byProvince, maxNodes, total } = input;
  const aggregated = isAggregated(total, items.length, maxNodes);
  const nodes = new Map<string, GNode>();
  const rid = rootId(root.code);
  nodes.set(rid, {
    id: rid,
    kind: 'root',
    code: root.code,
    name: root.name,
    nameEn: root.nameEn,
    layer: root.layer,
    depth: 0,
    count: 1,
    layers: {},
    province: null,
  });

  const provinceNames = new Map(byProvince.map((p) => [p.key, p]));
  const outer = input.maxDepth + 1;
  const ensureAgg = (id: string, province: string | null): GNode => {
    let n = nodes.get(id);
    if (!n) {
      const p = province ? provinceNames.get(province) : undefined;
      n = {
        id,
        kind: 'aggregate',
        code: province ?? 'REST',
        name: p?.name ?? province ?? '',
        nameEn: p?.nameEn ?? province ?? '',
        layer: '',
        depth: outer,
        count: 0,
        layers: {},
        province,
      };
      nodes.set(id, n);
    }
    return n;
  };

  // Where each loaded item is drawn.
  const placeOf = new Map<string, string>([[root.code, rid]]);
  let individuals = 0;
  const loadedByProvince = new Map<string, number>();
  let loadedOutsideProvinces = 0;
  for (const it of items) {
    if (it.provinceCode) loadedByProvince.set(it.provinceCode, (loadedByProvince.get(it.provinceCode) ?? 0) + 1);
    else loadedOutsideProvinces++;
    const rollUp = aggregated && (it.level === 'COMMUNE' || individuals >= maxNodes);
    if (!rollUp) {
      individuals++;
      const id = componentId(it.code);
      nodes.set(id, {
        id,
        kind: 'component',
        code: it.code,
        name: it.name,
        nameEn: it.nameEn,
        layer: it.layer,
        depth: it.depth,
        count: 1,
        layers: { [it.layer]: 1 },
        province: it.provinceCode,
      });
      placeOf.set(it.code, id);
      continue;
    }
    const agg = it.provinceCode ? ensureAgg(provinceAggId(it.provinceCode), it.provinceCode) : ensureAgg(REST_ID, null);
    agg.count++;
    agg.layers = { ...agg.layers, [it.layer]: (agg.layers[it.layer] ?? 0) + 1 };
    agg.depth = Math.min(agg.depth, it.depth);
    placeOf.set(it.code, agg.id);
  }

  // What the summary counts but the loaded details do not (yet) show.
  if (items.length < total) {
    for (const p of byProvince) {
      const missing = p.count - (loadedByProvince.get(p.key) ?? 0);
      if (missing > 0) ensureAgg(provinceAggId(p.key), p.key).count += missing;
    }
    const inProvinces = byProvince.reduce((s, p) => s + p.count, 0);
    const rest = total - inProvinces - loadedOutsideProvinces;
    if (rest > 0) ensureAgg(REST_ID, null).count += rest;
  }

  // Edges: every loaded DEPENDS_ON between two drawn places, merged per pair of places.
  const edges = new Map<string, GEdge>();
  const addEdge = (source: string, target: string, inferred: boolean) => {
    if (source === target) return;
    const id = `${source}->${target}`;
    const e = edges.get(id);
    if (e) e.count++;
    else edges.set(id, { id, source, target, count: 1, inferred });
  };
  const connect = (code: string, deps: readonly string[]) => {
    const from = placeOf.get(code);
    if (!from) return;
    for (const d of deps) {
      const to = placeOf.get(d);
      if (to) addEdge(from, to, false);
    }
  };
  connect(root.code, root.dependsOn);
  for (const it of items) connect(it.code, it.dependsOn);

  // An aggregate that no loaded relationship reaches hangs off the root, marked as inferred.
  const linked = new Set<string>();
  for (const e of edges.values()) {
    linked.add(e.source);
    linked.add(e.target);
  }
  for (const n of nodes.values()) {
    if (n.kind === 'aggregate') {
      n.layer = dominantLayer(n.layers);
      if (!linked.has(n.id)) addEdge(n.id, rid, true);
    }
  }

  return { nodes: [...nodes.values()], edges: [...edges.values()], aggregated, loaded: items.length };
}

export function dominantLayer(layers: Readonly<Record<string, number>>): string {
  let best = '';
  let max = 0;
  for (const [k, v] of Object.entries(layers).sort(([a], [b]) => a.localeCompare(b))) {
    if (v > max) {
      best = k;
      max = v;
    }
  }
  return best;
}

/** layerShares gives an aggregate's layers as percentages (summing to 100), in layer order. */
export function layerShares(layers: Readonly<Record<string, number>>): { layer: string; percent: number }[] {
  const entries = Object.entries(layers)
    .filter(([, v]) => v > 0)
    .sort(([a], [b]) => a.localeCompare(b));
  const sum = entries.reduce((s, [, v]) => s + v, 0);
  if (sum === 0) return [];
  const out = entries.map(([layer, v]) => ({ layer, percent: Math.floor((v / sum) * 1000) / 10 }));
  const drift = Math.round((100 - out.reduce((s, x) => s + x.percent, 0)) * 10) / 10;
  const last = out[out.length - 1];
  if (last) last.percent = Math.round((last.percent + drift) * 10) / 10;
  return out;
}

/** nodeSize: an aggregate's area tracks its count, relative to the largest one drawn
 * (maxCount), between 30 and 96 pixels across. */
export function nodeSize(n: Pick<GNode, 'kind' | 'count'>, maxCount = n.count): number {
  if (n.kind === 'root') return 56;
  if (n.kind === 'component') return 26;
  const f = maxCount > 0 ? Math.sqrt(Math.min(1, n.count / maxCount)) : 1;
  return Math.round(30 + 66 * f);
}

/** maxAggregate is the largest aggregate count of a graph (for nodeSize). */
export function maxAggregate(nodes: readonly Pick<GNode, 'kind' | 'count'>[]): number {
  return nodes.reduce((m, n) => (n.kind === 'aggregate' ? Math.max(m, n.count) : m), 0);
}

export function nodeLabel(n: GNode, lang: Lang, restLabel: string): string {
  if (n.kind !== 'aggregate') return n.code;
  const name = n.province ? nameOf(lang, n) : restLabel;
  return `${name} · ${new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-GB').format(n.count)}`;
}

// ---- CSV ----

export const ITEMS_CSV_HEADER = ['depth', 'code', 'name', 'nameEn', 'layer', 'ownerLevel', 'owner', 'province'] as const;

export function itemsCsv(items: readonly ImpactItem[]): string {
  return toCsv(
    ITEMS_CSV_HEADER,
    items.map((i) => [i.depth, i.code, i.name, i.nameEn, i.layer, i.level ?? '', i.ownerCode ?? '', i.provinceCode ?? '']),
  );
}

export function provincesCsv(byProvince: readonly ProvinceCount[], total: number): string {
  const inProvinces = byProvince.reduce((s, p) => s + p.count, 0);
  const rows: (string | number)[][] = byProvince.map((p) => [p.key, p.name, p.nameEn, p.count]);
  rows.push(['', 'Không thuộc tỉnh nào', 'In no province', total - inProvinces]);
  return toCsv(['province', 'name', 'nameEn', 'count'], rows);
}
