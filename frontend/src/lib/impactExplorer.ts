// The impact explorer's drill-down, pure: which dimension a view groups by (layer or level or
// province → owner → components), what a click on a group adds to the filter, and the graph a
// view draws — the root and the groups the server counted (never more than a page of nodes), or
// the root and one page of components with the DEPENDS_ON edges among them. No React, no
// Cytoscape.

import { toCsv } from './csv';
import { nameOf, type Lang } from './i18n';
import type { ImpactDirection, ImpactState } from './url';

export type Dim = 'LAYER' | 'LEVEL' | 'PROVINCE' | 'OWNER';

/** The levels that have no province: a group "no province" drills into them. */
export const NO_PROVINCE_LEVELS = ['CENTRAL', 'MINISTRY', 'UNOWNED'];

/** nextDim is what the view groups by next; null: it lists components. */
export function nextDim(s: ImpactState): Dim | null {
  if (s.list || s.owner) return null;
  const noProvince = s.level.length > 0 && s.level.every((l) => NO_PROVINCE_LEVELS.includes(l));
  const unowned = s.level.length === 1 && s.level[0] === 'UNOWNED';
  const order: Dim[] =
    s.by === 'LAYER' ? ['LAYER', 'PROVINCE', 'OWNER'] : s.by === 'LEVEL' ? ['LEVEL', 'PROVINCE', 'OWNER'] : ['PROVINCE', 'OWNER'];
  for (const d of order) {
    if (d === 'LAYER' && s.layer) continue;
    if (d === 'LEVEL' && s.level.length > 0) continue;
    if (d === 'PROVINCE' && (s.province || noProvince)) continue;
    if (d === 'OWNER' && unowned) return null;
    return d;
  }
  return null;
}

/** drill is the state after a click on group `key` of dimension `dim`. */
export function drill(s: ImpactState, dim: Dim, key: string): ImpactState {
  const base: ImpactState = { ...s, after: '', list: false };
  switch (dim) {
    case 'LAYER':
      return { ...base, layer: key };
    case 'LEVEL':
      return { ...base, level: [key] };
    case 'PROVINCE':
      return key ? { ...base, province: key } : { ...base, level: NO_PROVINCE_LEVELS };
    case 'OWNER':
      return key ? { ...base, owner: key } : { ...base, level: ['UNOWNED'] };
  }
}

export interface ItemFilter {
  layer?: string[];
  level?: string[];
  province?: string;
  owner?: string;
}

/** filterOf is the API filter of a view's drill-down (undefined: none). */
export function filterOf(s: ImpactState): ItemFilter | undefined {
  const f: ItemFilter = {};
  if (s.layer) f.layer = [s.layer];
  if (s.level.length) f.level = s.level;
  if (s.province) f.province = s.province;
  if (s.owner) f.owner = s.owner;
  return Object.keys(f).length ? f : undefined;
}

/** isFiltered tells whether the view is below the top level. */
export function isFiltered(s: ImpactState): boolean {
  return filterOf(s) !== undefined || s.list;
}

export interface Group {
  key: string;
  name: string;
  nameEn: string;
  count: number;
  byDepth: readonly number[];
}

export interface Item {
  code: string;
  name: string;
  nameEn: string;
  layer: string;
  depth: number;
  ownerCode: string | null;
  ownerName: string | null;
  ownerNameEn: string | null;
  dependsOn: readonly string[];
}

export interface Root {
  code: string;
  name: string;
  nameEn: string;
  layer: string;
  dependsOn: readonly string[];
}

export type ENodeKind = 'root' | 'group' | 'component' | 'rest';

export interface ENode {
  id: string;
  kind: ENodeKind;
  /** The group key or the component code. */
  key: string;
  label: string;
  /** The layer colour's key (root, component, a layer group); '' otherwise. */
  layer: string;
  count: number;
  /** The rank: 0 for the root, the (shortest) depth otherwise. */
  depth: number;
}

export interface EEdge {
  id: string;
  source: string;
  target: string;
  /** Ranks between its ends (the depth of what it reaches when it comes from the root). */
  minLen: number;
  /** True when it stands for a path through components not drawn (not one DEPENDS_ON). */
  via: boolean;
}

export interface EGraph {
  nodes: ENode[];
  edges: EEdge[];
}

export const ROOT_ID = 'root';
export const groupId = (key: string) => `g:${key}`;
export const itemId = (code: string) => `c:${code}`;
export const REST_ID = 'rest';

/** shortLabel cuts a long name at a word boundary, so that labels stay readable. */
export function shortLabel(s: string, max = 42): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max - 1);
  const sp = cut.lastIndexOf(' ');
  return (sp > max / 2 ? cut.slice(0, sp) : cut) + '…';
}

function rootNode(root: Root, lang: Lang): ENode {
  return {
    id: ROOT_ID,
    kind: 'root',
    key: root.code,
    label: `${root.code}\n${shortLabel(nameOf(lang, root))}`,
    layer: root.layer,
    count: 1,
    depth: 0,
  };
}

/**
 * groupGraph: the root and one node per group, at the rank of its shortest depth (the edge from
 * the root is direct at depth 1, "via" deeper); groups not listed (more than the page) become one
 * "rest" node with their count.
 */
export function groupGraph(
  root: Root,
  groups: readonly Group[],
  dim: Dim,
  lang: Lang,
  fmt: (n: number) => string,
  rest: { groups: number; components: number; label: string } | null,
): EGraph {
  const nodes: ENode[] = [rootNode(root, lang)];
  const edges: EEdge[] = [];
  for (const g of groups) {
    const first = g.byDepth.findIndex((n) => n > 0);
    const depth = first < 0 ? 1 : first + 1;
    const name = dim === 'LAYER' ? `${g.key} ${nameOf(lang, g)}` : nameOf(lang, g);
    const id = groupId(g.key);
    nodes.push({
      id,
      kind: 'group',
      key: g.key,
      label: `${shortLabel(name)}\n${fmt(g.count)}`,
      layer: dim === 'LAYER' ? g.key : '',
      count: g.count,
      depth,
    });
    edges.push({ id: `e:${id}`, source: ROOT_ID, target: id, minLen: depth, via: depth > 1 });
  }
  if (rest && rest.groups > 0) {
    nodes.push({ id: REST_ID, kind: 'rest', key: '', label: rest.label, layer: '', count: rest.components, depth: 1 });
    edges.push({ id: `e:${REST_ID}`, source: ROOT_ID, target: REST_ID, minLen: 1, via: true });
  }
  return { nodes, edges };
}

/**
 * itemGraph: the root and one page of components, with the DEPENDS_ON edges among them drawn
 * from the nearer to the farther (away from the root); a component none of whose links towards
 * the root is on the page hangs from the root by a "via" edge as long as its depth.
 */
export function itemGraph(root: Root, items: readonly Item[], dir: ImpactDirection, lang: Lang): EGraph {
  const nodes: ENode[] = [rootNode(root, lang)];
  const edges: EEdge[] = [];
  const depthOf = new Map<string, number>([[root.code, 0]]);
  for (const it of items) depthOf.set(it.code, it.depth);
  const idOf = (code: string) => (code === root.code ? ROOT_ID : itemId(code));
  const reached = new Set<string>();
  const seen = new Set<string>();
  const add = (from: string, to: string) => {
    const id = `e:${from}>${to}`;
    if (seen.has(id)) return;
    seen.add(id);
    edges.push({ id, source: idOf(from), target: idOf(to), minLen: 1, via: false });
    reached.add(to);
  };
  for (const it of items) {
    nodes.push({
      id: itemId(it.code),
      kind: 'component',
      key: it.code,
      label: `${it.code}\n${shortLabel(nameOf(lang, it), 34)}`,
      layer: it.layer,
      count: 1,
      depth: it.depth,
    });
  }
  if (dir === 'DEPENDENTS') {
    for (const it of items) {
      for (const c of it.dependsOn) {
        const d = depthOf.get(c);
        if (d !== undefined && d < it.depth) add(c, it.code);
      }
    }
  } else {
    const from: { code: string; depth: number; dependsOn: readonly string[] }[] = [
      { code: root.code, depth: 0, dependsOn: root.dependsOn },
      ...items,
    ];
    for (const y of from) {
      for (const c of y.dependsOn) {
        const d = depthOf.get(c);
        if (d !== undefined && c !== root.code && d > y.depth) add(y.code, c);
      }
    }
  }
  for (const it of items) {
    if (!reached.has(it.code)) {
      edges.push({ id: `e:via:${it.code}`, source: ROOT_ID, target: itemId(it.code), minLen: it.depth, via: it.depth > 1 });
    }
  }
  return { nodes, edges };
}

/** groupsCsv: one row per group (dim: what it groups by) with its count per depth. */
export function groupsCsv(groups: readonly Group[], dim: Dim, maxDepth: number): string {
  const header = ['group_by', 'key', 'name', 'name_en', 'count', ...Array.from({ length: maxDepth }, (_, i) => `depth_${i + 1}`)];
  return toCsv(
    header,
    groups.map((g) => [dim, g.key, g.name, g.nameEn, g.count, ...g.byDepth]),
  );
}

/** GRAPH_GROUPS: the most groups drawn one by one (the table lists every group of the page). */
export const GRAPH_GROUPS = 24;

/** itemsCsv: one row per component. */
export function itemsCsv(items: readonly Item[]): string {
  return toCsv(
    ['code', 'name', 'name_en', 'layer', 'depth', 'owner', 'owner_name'],
    items.map((i) => [i.code, i.name, i.nameEn, i.layer, i.depth, i.ownerCode, i.ownerName]),
  );
}

/**
 * neighbourhoodGraph: a component with what it depends on (to its left) and what depends on it
 * (to its right), up to two hops each way, one page a side; arrows point from what is depended
 * on to what depends on it. A side with more than its page gets a "more" node with the rest.
 */
export function neighbourhoodGraph(
  root: Root,
  up: readonly Item[],
  down: readonly Item[],
  more: { up: number; down: number; label: (n: number) => string },
  lang: Lang,
): EGraph {
  const r = rootNode(root, lang);
  const nodes: ENode[] = [r];
  const edges: EEdge[] = [];
  const seen = new Set<string>();
  const edge = (source: string, target: string, minLen: number, via: boolean) => {
    const id = `e:${source}>${target}`;
    if (seen.has(id) || source === target) return;
    seen.add(id);
    edges.push({ id, source, target, minLen, via });
  };
  const node = (it: Item, side: 'u' | 'd') => {
    const id = `${side}:${it.code}`;
    nodes.push({
      id,
      kind: 'component',
      key: it.code,
      label: `${it.code}\n${shortLabel(nameOf(lang, it), 30)}`,
      layer: it.layer,
      count: 1,
      depth: side === 'u' ? -it.depth : it.depth,
    });
    return id;
  };
  // Dependencies: u → (what depends on it among the root and the other dependencies).
  const upIds = new Map(up.map((u) => [u.code, node(u, 'u')]));
  const upLinked = new Set<string>();
  for (const v of [{ code: root.code, dependsOn: root.dependsOn }, ...up]) {
    const target = v.code === root.code ? ROOT_ID : upIds.get(v.code);
    if (!target) continue;
    for (const c of v.dependsOn) {
      const src = upIds.get(c);
      if (src) {
        edge(src, target, 1, false);
        upLinked.add(c);
      }
    }
  }
  for (const u of up) if (!upLinked.has(u.code)) edge(upIds.get(u.code) ?? '', ROOT_ID, u.depth, true);
  // Dependents: (what it depends on among the root and the other dependents) → x.
  const downIds = new Map(down.map((x) => [x.code, node(x, 'd')]));
  for (const x of down) {
    const target = downIds.get(x.code) ?? '';
    let linked = false;
    for (const c of x.dependsOn) {
      const src = c === root.code ? ROOT_ID : downIds.get(c);
      if (src && src !== target) {
        edge(src, target, 1, false);
        linked = true;
      }
    }
    if (!linked) edge(ROOT_ID, target, x.depth, true);
  }
  if (more.up > 0) {
    nodes.push({ id: 'more:u', kind: 'rest', key: '', label: more.label(more.up), layer: '', count: more.up, depth: -1 });
    edge('more:u', ROOT_ID, 1, true);
  }
  if (more.down > 0) {
    nodes.push({ id: 'more:d', kind: 'rest', key: '', label: more.label(more.down), layer: '', count: more.down, depth: 1 });
    edge(ROOT_ID, 'more:d', 1, true);
  }
  return { nodes, edges };
}
