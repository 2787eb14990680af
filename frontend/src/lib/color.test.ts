import { describe, expect, it } from 'vitest';
import css from '../styles/conformance.css?raw';
import { contrastRatio, HEAT_CLASSES, heatClass, heatColor, LAYER_COLORS, layerColor, textOn } from './color';

describe('colours', () => {
  it('computes WCAG contrast', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#777777')).toBeCloseTo(1, 5);
  });
  it('layer colours carry white text at AA for their chips', () => {
    for (const c of Object.values(LAYER_COLORS)) expect(contrastRatio(c, textOn(c))).toBeGreaterThanOrEqual(4.5);
    expect(layerColor('L9')).toBe('#6b7280');
  });
  it('heat colours span the scale and always have readable text', () => {
    expect(heatColor(0)).toBe('#a50026');
    expect(heatColor(0.84)).toBe('#fee08b');
    expect(heatColor(0.99)).toBe('#1a9850');
    expect(heatColor(1)).toBe('#006837');
    expect(heatColor(-3)).toBe(heatColor(0));
    expect(heatColor(7)).toBe(heatColor(1));
    expect(heatColor(Number.NaN)).toBe('#d1d5db');
    for (let s = 0; s <= 1.0001; s += 0.01) {
      const bg = heatColor(s);
      expect(contrastRatio(bg, textOn(bg)), `score ${s}`).toBeGreaterThanOrEqual(4.5);
    }
  });
  it("the heatmap cells' classes in the style sheet are HEAT_CLASSES, with their text colours", () => {
    const rules = new Map(
      [...css.matchAll(/td\.heat\.(h\w+) \{\s*background: (#[0-9a-f]{6});\s*color: (#[0-9a-f]{6});\s*\}/g)].map((m) => [
        m[1],
        [m[2], m[3]],
      ]),
    );
    HEAT_CLASSES.forEach((k, i) => expect([i, rules.get(`h${i}`)]).toEqual([i, [k.color, textOn(k.color)]]));
    expect(rules.get('hx')).toEqual([heatColor(Number.NaN), textOn(heatColor(Number.NaN))]);
    expect(rules.size).toBe(HEAT_CLASSES.length + 1);
    expect(heatClass(0.84)).toBe(3);
    expect(heatClass(Number.NaN)).toBe(-1);
  });
});
