import type { ReactNode } from 'react';
import { layerColor, textOn } from '../lib/color';

export function LayerChip({ code }: { code: string }) {
  const bg = layerColor(code);
  return (
    <span className="layer-chip" style={{ background: bg, color: textOn(bg) }}>
      {code}
    </span>
  );
}

/** Facts is a definition list of label/value pairs; empty values are left out. */
export function Facts({ items }: { items: readonly [string, ReactNode][] }) {
  return (
    <dl className="facts">
      {items
        .filter(([, v]) => v !== null && v !== undefined && v !== '')
        .map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
    </dl>
  );
}
