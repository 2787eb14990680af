import { describe, expect, it } from 'vitest';
import { moveInGrid } from './gridNav';

describe('moveInGrid', () => {
  const at = { r: 2, c: 3 };
  it('moves one cell with the arrows and stops at the edges', () => {
    expect(moveInGrid(at, 'ArrowRight', false, 5, 6)).toEqual({ r: 2, c: 4 });
    expect(moveInGrid(at, 'ArrowLeft', false, 5, 6)).toEqual({ r: 2, c: 2 });
    expect(moveInGrid(at, 'ArrowDown', false, 5, 6)).toEqual({ r: 3, c: 3 });
    expect(moveInGrid(at, 'ArrowUp', false, 5, 6)).toEqual({ r: 1, c: 3 });
    expect(moveInGrid({ r: 0, c: 0 }, 'ArrowUp', false, 5, 6)).toEqual({ r: 0, c: 0 });
    expect(moveInGrid({ r: 4, c: 5 }, 'ArrowRight', false, 5, 6)).toEqual({ r: 4, c: 5 });
  });
  it('goes to the row ends with Home/End and to the corners with Ctrl', () => {
    expect(moveInGrid(at, 'Home', false, 5, 6)).toEqual({ r: 2, c: 0 });
    expect(moveInGrid(at, 'End', false, 5, 6)).toEqual({ r: 2, c: 5 });
    expect(moveInGrid(at, 'Home', true, 5, 6)).toEqual({ r: 0, c: 0 });
    expect(moveInGrid(at, 'End', true, 5, 6)).toEqual({ r: 4, c: 5 });
  });
  it('pages by ten rows, clamped', () => {
    expect(moveInGrid(at, 'PageDown', false, 34, 6)).toEqual({ r: 12, c: 3 });
    expect(moveInGrid(at, 'PageUp', false, 34, 6)).toEqual({ r: 0, c: 3 });
  });
  it('leaves other keys alone', () => {
    expect(moveInGrid(at, 'Enter', false, 5, 6)).toBeNull();
    expect(moveInGrid(at, 'Tab', false, 5, 6)).toBeNull();
    expect(moveInGrid(at, 'ArrowDown', false, 0, 0)).toBeNull();
  });
});
