import { describe, expect, it } from 'vitest';
import type { EGraph, ENode } from './impactExplorer';
import { edgePath, LABEL_MAX, layeredLayout, wrap } from './layeredLayout';

const measure = (s: string, size: number) => s.length * size * 0.5;
const node = (id: string, depth: number, label = id, kind: ENode['kind'] = 'component', count = 1): ENode => ({
  id,
  kind,
  key: id,
  label,
  layer: '',
  count,
  depth,
});

describe('wrap', () => {
  it('keeps explicit lines and breaks between words past the width', () => {
    expect(wrap('NDXP\nNền tảng tích hợp', 1000, (s) => s.length)).toEqual(['NDXP', 'Nền tảng tích hợp']);
    expect(wrap('aaa bbb ccc', 7, (s) => s.length)).toEqual(['aaa bbb', 'ccc']);
    expect(wrap('averyveryverylongword x', 5, (s) => s.length)).toEqual(['averyveryverylongword', 'x']);
  });
});

describe('layeredLayout', () => {
  const g: EGraph = {
    nodes: [
      node('root', 0, 'ROOT\nthe root', 'root'),
      node('a', 1),
      node('b', 1),
      node('c', 2, 'a long label that has to wrap because it is much wider than the column may be in any language'),
      node('d', 2),
      node('u', -1),
    ],
    edges: [
      { id: 'e1', source: 'root', target: 'a', minLen: 1, via: false },
      { id: 'e2', source: 'root', target: 'b', minLen: 1, via: false },
      { id: 'e3', source: 'b', target: 'c', minLen: 1, via: false },
      { id: 'e4', source: 'a', target: 'd', minLen: 1, via: false },
      { id: 'e5', source: 'u', target: 'root', minLen: 1, via: false },
    ],
  };
  const l = layeredLayout(g, measure);
  const at = (id: string) => l.byId.get(id)!;

  it('puts each rank in its own column, left to right, the labels clear of the next column', () => {
    expect(at('u').x).toBeLessThan(at('root').x);
    expect(at('root').x).toBeLessThan(at('a').x);
    expect(at('a').x).toBe(at('b').x);
    expect(at('a').x).toBeLessThan(at('c').x);
    expect(at('c').x).toBe(at('d').x);
    for (const b of l.boxes) {
      const labelEnd = b.x + b.size / 2 + 6 + b.labelWidth;
      for (const o of l.boxes) if (o.node.depth > b.node.depth) expect(labelEnd).toBeLessThan(o.x - o.size / 2);
    }
  });

  it('wraps labels to the maximum width and sizes the drawing to hold everything', () => {
    expect(at('c').lines.length).toBeGreaterThan(1);
    for (const line of at('c').lines) expect(measure(line, 12)).toBeLessThanOrEqual(LABEL_MAX);
    for (const b of l.boxes) {
      expect(b.y - b.size / 2).toBeGreaterThanOrEqual(0);
      expect(b.y + b.size / 2).toBeLessThanOrEqual(l.height);
      expect(b.x + b.size / 2 + 6 + b.labelWidth).toBeLessThanOrEqual(l.width);
    }
  });

  it('orders a column by its links to the columns placed before it, with no two nodes overlapping', () => {
    // a above b in column 1, so d (linked to a) above c (linked to b) in column 2, whatever the input order.
    expect(Math.sign(at('d').y - at('c').y)).toBe(Math.sign(at('a').y - at('b').y));
    const col = l.boxes.filter((b) => b.node.depth === 2).sort((p, q) => p.y - q.y);
    const [top, bottom] = col;
    const lh = (b: typeof top) => Math.max(b!.size, b!.lines.length * b!.fontSize * 1.25);
    expect(bottom!.y - lh(bottom) / 2).toBeGreaterThanOrEqual(top!.y + lh(top) / 2);
  });

  it('keeps a column for a depth with no node, so that a longer "via" edge spans more', () => {
    const gap = layeredLayout({ nodes: [node('root', 0, 'R', 'root'), node('x', 2), node('y', 1)], edges: [] }, measure);
    const skip = layeredLayout({ nodes: [node('root', 0, 'R', 'root'), node('x', 2)], edges: [] }, measure);
    expect(skip.byId.get('x')!.x).toBeGreaterThan(skip.byId.get('root')!.x + 90);
    expect(gap.byId.get('x')!.x).toBeGreaterThan(gap.byId.get('y')!.x);
  });

  it('grows group nodes with their count and draws edges from the label end to the target', () => {
    const gg = layeredLayout(
      { nodes: [node('root', 0, 'R', 'root'), node('g1', 1, 'big', 'group', 100), node('g2', 1, 'small', 'group', 1)], edges: [] },
      measure,
    );
    expect(gg.byId.get('g1')!.size).toBeGreaterThan(gg.byId.get('g2')!.size);
    const p = edgePath(at('root'), at('a'));
    expect(p.startsWith(`M${at('root').x + at('root').size / 2 + 6 + at('root').labelWidth + 4},`)).toBe(true);
    expect(p).toMatch(/^M[\d.-]+,[\d.-]+ C/);
  });
});
