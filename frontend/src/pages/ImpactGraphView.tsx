// The impact graph (and a component's neighbourhood), drawn as SVG in layers by depth: the root,
// what depends on it in columns to its right (what it depends on to its left), laid out by
// lib/layeredLayout (one pass, a page of nodes at most: a few milliseconds, where a general graph
// library cost most of a second of the page's load). Labels are text at their real size: a
// graph wider or taller than its box scrolls inside it, never shrinks its labels. A click on a
// node activates it; the table beside the graph is the keyboard's and screen readers' way. The
// exports are this SVG (complete, labels included) and a PNG drawn from it at twice the size.
// Loaded with the pages that draw a graph (kept as its own chunk).

import { memo, useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { layerColor } from '../lib/color';
import type { EGraph } from '../lib/impactExplorer';
import { edgePath, layeredLayout, LINE_HEIGHT, type Box, type Measure } from '../lib/layeredLayout';

export interface GraphHandle {
  png: () => Promise<Blob>;
  svg: () => Blob;
}

const FONT = 'system-ui, sans-serif';

/** measureText measures with a canvas (once per distinct text and font; no layout of the page). */
function canvasMeasure(): Measure {
  const ctx = document.createElement('canvas').getContext('2d');
  const memo = new Map<string, number>();
  return (text, size, bold) => {
    const k = `${size}${bold ? 'b' : ''}:${text}`;
    let w = memo.get(k);
    if (w === undefined) {
      if (ctx) {
        ctx.font = `${bold ? 'bold ' : ''}${size}px ${FONT}`;
        w = ctx.measureText(text).width;
      } else {
        w = text.length * size * 0.55;
      }
      memo.set(k, w);
    }
    return w;
  };
}

function fill(b: Box): string {
  const n = b.node;
  if (n.kind === 'group' && !n.layer) return '#dbeafe';
  if (n.kind === 'rest') return '#f3f4f6';
  return layerColor(n.layer);
}

function Shape({ b }: { b: Box }) {
  const n = b.node;
  const r = b.size / 2;
  if (n.kind === 'root') {
    return <rect x={b.x - r} y={b.y - r} width={b.size} height={b.size} rx={8} fill={fill(b)} stroke="#111827" strokeWidth={4} />;
  }
  return (
    <circle
      cx={b.x}
      cy={b.y}
      r={r}
      fill={fill(b)}
      stroke="#374151"
      strokeWidth={n.kind === 'component' ? 1 : 2}
      strokeDasharray={n.kind === 'rest' ? '5 3' : undefined}
    />
  );
}

function Label({ b }: { b: Box }) {
  const lh = b.fontSize * LINE_HEIGHT;
  const y0 = b.y - ((b.lines.length - 1) * lh) / 2;
  return (
    <text
      x={b.x + b.size / 2 + 6}
      y={y0}
      fontSize={b.fontSize}
      fontWeight={b.node.kind === 'root' ? 'bold' : undefined}
      dominantBaseline="central"
      fill="#111827"
      stroke="#ffffff"
      strokeWidth={3}
      strokeLinejoin="round"
      paintOrder="stroke"
    >
      {b.lines.map((l, i) => (
        <tspan key={i} x={b.x + b.size / 2 + 6} y={y0 + i * lh}>
          {l}
        </tspan>
      ))}
    </text>
  );
}

/** serialize is the drawing as a standalone SVG document (white background, fonts inline). */
function serialize(svg: SVGSVGElement): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.removeAttribute('class');
  const bg = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  bg.setAttribute('width', '100%');
  bg.setAttribute('height', '100%');
  bg.setAttribute('fill', '#ffffff');
  copy.insertBefore(bg, copy.firstChild);
  return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(copy);
}

/** toPng draws the SVG on a canvas at twice its size. */
function toPng(svg: SVGSVGElement, width: number, height: number): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([serialize(svg)], { type: 'image/svg+xml;charset=utf-8' }));
  return new Promise<Blob>((resolve, reject) => {
    const img = new Image();
    img.onload = () => {
      const scale = 2;
      const canvas = document.createElement('canvas');
      canvas.width = Math.ceil(width * scale);
      canvas.height = Math.ceil(height * scale);
      const ctx = canvas.getContext('2d');
      if (!ctx) {
        reject(new Error('no 2D canvas'));
        return;
      }
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the PNG could not be encoded'))), 'image/png');
    };
    img.onerror = () => reject(new Error('the SVG could not be drawn'));
    img.src = url;
  }).finally(() => URL.revokeObjectURL(url));
}

/** The layouts of the graphs drawn, by graph: a render that React starts again (an answer
 * arriving while it renders, the lazy chunk resolving) does not lay the same graph out again. */
const layouts = new WeakMap<EGraph, ReturnType<typeof layeredLayout>>();

function layoutOf(graph: EGraph, measure: Measure) {
  let l = layouts.get(graph);
  if (!l) {
    l = layeredLayout(graph, measure);
    layouts.set(graph, l);
  }
  return l;
}

function ImpactGraphView({
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
  const svgRef = useRef<SVGSVGElement>(null);
  const measure = useMemo(canvasMeasure, []);
  const layout = layoutOf(graph, measure);
  const size = useRef({ width: layout.width, height: layout.height });
  size.current = { width: layout.width, height: layout.height };

  useEffect(() => {
    onReady({
      png: () => (svgRef.current ? toPng(svgRef.current, size.current.width, size.current.height) : Promise.reject(new Error('no graph'))),
      svg: () => new Blob([svgRef.current ? serialize(svgRef.current) : ''], { type: 'image/svg+xml;charset=utf-8' }),
    });
    return () => onReady(null);
  }, [onReady]);

  // Drawn: the tests and the page's measurements wait for this mark.
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    el.dataset.rendered = 'true';
    el.dataset.nodes = String(layout.boxes.length);
  }, [layout]);

  const { byId } = layout;
  return (
    // Focusable: a graph wider or taller than its box scrolls, and the keyboard must reach it.
    <div ref={box} className="graph-canvas" role="img" aria-label={label} tabIndex={0} data-testid="impact-graph" data-rendered="false">
      <svg
        ref={svgRef}
        className="graph-svg"
        width={Math.ceil(layout.width)}
        height={Math.ceil(layout.height)}
        viewBox={`0 0 ${Math.ceil(layout.width)} ${Math.ceil(layout.height)}`}
        fontFamily={FONT}
      >
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0,0 L10,5 L0,10 z" fill="#6b7280" />
          </marker>
        </defs>
        <g fill="none">
          {graph.edges.map((e) => {
            const s = byId.get(e.source);
            const t = byId.get(e.target);
            if (!s || !t) return null;
            return (
              <path
                key={e.id}
                d={edgePath(s, t)}
                stroke={e.via ? '#c4c9d1' : '#9ca3af'}
                strokeWidth={1.5}
                strokeDasharray={e.via ? '6 4' : undefined}
                markerEnd="url(#arrow)"
              />
            );
          })}
        </g>
        {layout.boxes.map((b) => (
          <g key={b.id} className="graph-node" onClick={() => onActivate(b.id)}>
            <title>{b.node.label.replace(/\n/g, ' · ')}</title>
            <Shape b={b} />
            <Label b={b} />
          </g>
        ))}
      </svg>
    </div>
  );
}

/** Memoised: the pages re-render while their other answers arrive; the graph is drawn again only
 * when its own props change (the callers keep them stable). */
export default memo(ImpactGraphView);
