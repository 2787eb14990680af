// Colours: one per layer (chosen to stay apart for common colour-vision deficiencies), and a
// sequential scale for conformance scores whose text colour is picked for contrast.

export const LAYER_COLORS: Readonly<Record<string, string>> = {
  L1: '#1f5fa8', // blue
  L2: '#c2560c', // orange
  L3: '#17803d', // green
  L4: '#8a3ffc', // purple
};
export const UNKNOWN_LAYER_COLOR = '#6b7280';

export function layerColor(code: string | null | undefined): string {
  return (code && LAYER_COLORS[code]) || UNKNOWN_LAYER_COLOR;
}

function hex(c: string): [number, number, number] {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(c);
  if (!m) throw new Error(`not a #rrggbb colour: ${c}`);
  return [parseInt(m[1] ?? '0', 16), parseInt(m[2] ?? '0', 16), parseInt(m[3] ?? '0', 16)];
}

/** relativeLuminance per WCAG 2.x. */
export function relativeLuminance(c: string): number {
  const [r, g, b] = hex(c).map((v) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** contrastRatio per WCAG 2.x (1..21). */
export function contrastRatio(a: string, b: string): number {
  const la = relativeLuminance(a);
  const lb = relativeLuminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

const textOnMemo = new Map<string, string>();

/** textOn picks black-ish or white text, whichever contrasts more with the background (worked
 * out once per colour: a page draws hundreds of cells and chips in a handful of colours). */
export function textOn(bg: string): string {
  let c = textOnMemo.get(bg);
  if (c === undefined) {
    c = contrastRatio(bg, '#111827') >= contrastRatio(bg, '#ffffff') ? '#111827' : '#ffffff';
    textOnMemo.set(bg, c);
  }
  return c;
}

// Conformance classes, red (low: the ones to notice) to green, in steps so that every class
// keeps a text colour at WCAG AA (a continuous scale passes through a luminance where neither
// black nor white text reaches 4.5:1). The numbers are printed in the cells too.
export const HEAT_CLASSES: readonly { from: number; color: string }[] = [
  { from: 0, color: '#a50026' },
  { from: 0.5, color: '#f46d43' },
  { from: 0.7, color: '#fdae61' },
  { from: 0.8, color: '#fee08b' },
  { from: 0.85, color: '#d9ef8b' },
  { from: 0.9, color: '#91cf60' },
  { from: 0.95, color: '#1a9850' },
  { from: 1, color: '#006837' },
];

/** heatClass: the index in HEAT_CLASSES of a score in 0..1 (clamped); -1 for NaN. */
export function heatClass(score: number): number {
  if (!Number.isFinite(score)) return -1;
  const s = Math.max(0, Math.min(1, score));
  let c = 0;
  HEAT_CLASSES.forEach((k, i) => {
    if (s >= k.from - 1e-9) c = i;
  });
  return c;
}

/** heatColor maps a score in 0..1 to its class colour (clamped; NaN gives grey). */
export function heatColor(score: number): string {
  return HEAT_CLASSES[heatClass(score)]?.color ?? '#d1d5db';
}
