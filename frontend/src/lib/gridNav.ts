// Keyboard movement in an ARIA grid (the conformance heatmap): one tab stop, arrow keys between
// cells, Home/End along the row, Ctrl+Home/End to the first/last cell, PageUp/PageDown by ten rows.

export interface GridPos {
  r: number;
  c: number;
}

const PAGE = 10;

/** moveInGrid is where key takes the focus from p in a rows × cols grid; null when the key is
 * not one the grid handles (it then does nothing with it, so Tab and Enter keep their work). */
export function moveInGrid(p: GridPos, key: string, ctrl: boolean, rows: number, cols: number): GridPos | null {
  if (rows <= 0 || cols <= 0) return null;
  const clamp = (r: number, c: number): GridPos => ({ r: Math.max(0, Math.min(rows - 1, r)), c: Math.max(0, Math.min(cols - 1, c)) });
  switch (key) {
    case 'ArrowRight':
      return clamp(p.r, p.c + 1);
    case 'ArrowLeft':
      return clamp(p.r, p.c - 1);
    case 'ArrowDown':
      return clamp(p.r + 1, p.c);
    case 'ArrowUp':
      return clamp(p.r - 1, p.c);
    case 'Home':
      return ctrl ? clamp(0, 0) : clamp(p.r, 0);
    case 'End':
      return ctrl ? clamp(rows - 1, cols - 1) : clamp(p.r, cols - 1);
    case 'PageDown':
      return clamp(p.r + PAGE, p.c);
    case 'PageUp':
      return clamp(p.r - PAGE, p.c);
    default:
      return null;
  }
}
