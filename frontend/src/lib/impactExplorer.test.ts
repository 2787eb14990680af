import { describe, expect, it } from 'vitest';
import {
  drill,
  filterOf,
  groupGraph,
  groupsCsv,
  itemGraph,
  neighbourhoodGraph,
  nextDim,
  NO_PROVINCE_LEVELS,
  REST_ID,
  ROOT_ID,
  type Item,
} from './impactExplorer';
import { IMPACT_DEFAULTS, type ImpactState } from './url';

const top: ImpactState = { ...IMPACT_DEFAULTS, of: 'V-APEX' };
const root = { code: 'V-APEX', name: 'Nền tảng V-APEX', nameEn: 'V-APEX platform', layer: 'L2', dependsOn: [] };

describe('drill-down', () => {
  it('goes province → owner → components, and layer → province → owner', () => {
    expect(nextDim(top)).toBe('PROVINCE');
    const p = drill(top, 'PROVINCE', 'HA-NOI');
    expect(filterOf(p)).toEqual({ province: 'HA-NOI' });
    expect(nextDim(p)).toBe('OWNER');
    const o = drill(p, 'OWNER', 'HN-X1');
    expect(nextDim(o)).toBeNull();
    expect(filterOf(o)).toEqual({ province: 'HA-NOI', owner: 'HN-X1' });
    const l = { ...top, by: 'LAYER' as const };
    expect(nextDim(l)).toBe('LAYER');
    expect(nextDim(drill(l, 'LAYER', 'L4'))).toBe('PROVINCE');
  });
  it('skips the province for what has none, and the owner for the unowned', () => {
    const none = drill(top, 'PROVINCE', '');
    expect(none.level).toEqual(NO_PROVINCE_LEVELS);
    expect(nextDim(none)).toBe('OWNER');
    const unowned = drill(none, 'OWNER', '');
    expect(unowned.level).toEqual(['UNOWNED']);
    expect(nextDim(unowned)).toBeNull();
    const central = drill({ ...top, by: 'LEVEL' }, 'LEVEL', 'CENTRAL');
    // Central agencies have no province: straight to their owners; provinces' own components do.
    expect(nextDim(central)).toBe('OWNER');
    expect(nextDim(drill({ ...top, by: 'LEVEL' }, 'LEVEL', 'PROVINCE'))).toBe('PROVINCE');
  });
  it('lists components when asked at any level, from the first page', () => {
    expect(nextDim({ ...top, list: true })).toBeNull();
    expect(drill({ ...top, after: 'x' }, 'PROVINCE', 'HUE').after).toBe('');
  });
});

describe('graphs', () => {
  it('puts each group at the rank of its shortest depth, with a rest node for the groups not drawn', () => {
    const g = groupGraph(
      root,
      [
        { key: 'HUE', name: 'Huế', nameEn: 'Hue', count: 10, byDepth: [0, 7, 3] },
        { key: 'HA-NOI', name: 'Hà Nội', nameEn: 'Ha Noi', count: 5, byDepth: [5, 0, 0] },
      ],
      'PROVINCE',
      'en',
      String,
      { groups: 3, components: 9, label: '+3 more' },
    );
    expect(g.nodes.map((n) => [n.id, n.depth])).toEqual([
      [ROOT_ID, 0],
      ['g:HUE', 2],
      ['g:HA-NOI', 1],
      [REST_ID, 1],
    ]);
    expect(g.edges.find((e) => e.target === 'g:HUE')).toMatchObject({ minLen: 2, via: true });
    expect(g.edges.find((e) => e.target === 'g:HA-NOI')).toMatchObject({ minLen: 1, via: false });
    expect(g.nodes[1]?.label).toBe('Hue\n10');
  });
  it('draws DEPENDS_ON among the page, and hangs what has no link on the page from the root', () => {
    const it = (code: string, depth: number, dependsOn: string[]): Item => ({
      code,
      name: code,
      nameEn: code,
      layer: 'L3',
      depth,
      ownerCode: null,
      ownerName: null,
      ownerNameEn: null,
      dependsOn,
    });
    const g = itemGraph(root, [it('A', 1, ['V-APEX']), it('B', 2, ['A', 'Z']), it('C', 3, ['Y'])], 'DEPENDENTS', 'vi');
    expect(g.edges.map((e) => [e.source, e.target, e.via])).toEqual([
      [ROOT_ID, 'c:A', false],
      ['c:A', 'c:B', false],
      [ROOT_ID, 'c:C', true],
    ]);
    expect(g.edges[2]?.minLen).toBe(3);
    const deps = itemGraph({ ...root, dependsOn: ['A'] }, [it('A', 1, ['B']), it('B', 2, [])], 'DEPENDENCIES', 'vi');
    expect(deps.edges.map((e) => [e.source, e.target])).toEqual([
      [ROOT_ID, 'c:A'],
      ['c:A', 'c:B'],
    ]);
  });
  it('exports every group with its counts per depth', () => {
    const csv = groupsCsv([{ key: 'HUE', name: 'Huế', nameEn: 'Hue', count: 10, byDepth: [0, 7, 3] }], 'PROVINCE', 3);
    expect(csv).toBe('\uFEFFgroup_by,key,name,name_en,count,depth_1,depth_2,depth_3\r\nPROVINCE,HUE,Huế,Hue,10,0,7,3\r\n');
  });
});

describe('neighbourhood', () => {
  const item = (code: string, depth: number, dependsOn: string[]): Item => ({
    code,
    name: code,
    nameEn: code,
    layer: 'L2',
    depth,
    ownerCode: null,
    ownerName: null,
    ownerNameEn: null,
    dependsOn,
  });
  it('puts dependencies before the component and dependents after it, with a "more" node per side', () => {
    const g = neighbourhoodGraph(
      { ...root, dependsOn: ['U1'] },
      [item('U1', 1, ['U2']), item('U2', 2, [])],
      [item('D1', 1, ['V-APEX']), item('D2', 2, ['D1'])],
      { up: 0, down: 5, label: (n) => `+${n}` },
      'en',
    );
    expect(g.edges.map((e) => [e.source, e.target, e.via])).toEqual([
      ['u:U1', ROOT_ID, false],
      ['u:U2', 'u:U1', false],
      [ROOT_ID, 'd:D1', false],
      ['d:D1', 'd:D2', false],
      [ROOT_ID, 'more:d', true],
    ]);
    expect(g.nodes.find((n) => n.id === 'more:d')?.label).toBe('+5');
  });
});
