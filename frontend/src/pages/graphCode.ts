// The graph's component (ImpactGraphView, a chunk of its own) for the pages that draw it, without
// React.lazy and Suspense: a component revealed by a Suspense boundary's retry is committed at the
// earliest 300 ms after that boundary showed its fallback (React throttles such reveals), so with
// lazy the graph — the main content of the impact explorer and of a component's page — was put
// on the screen up to 300 ms after it had been drawn. Here the page shows its skeleton until the
// chunk has loaded (prefetch.ts starts it with the page's requests), then renders the graph in an
// ordinary update.

import { useEffect, useReducer } from 'react';
import { loadGraphCode, loadedGraphView } from '../prefetch';

/** useGraphView: the graph's component once its chunk has loaded (null until then: show the
 * skeleton); re-renders the caller when it arrives. A failed load is thrown, as React.lazy did. */
export function useGraphView() {
  const [, loaded] = useReducer((n: number) => n + 1, 0);
  const View = loadedGraphView();
  useEffect(() => {
    if (View) return;
    let live = true;
    void loadGraphCode().then(() => {
      if (live) loaded();
    });
    return () => {
      live = false;
    };
  }, [View]);
  return View;
}
