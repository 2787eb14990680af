// What the cytoscape-svg extension adds to a graph: cy.svg(options), the graph as SVG text.
import 'cytoscape';

declare module 'cytoscape' {
  interface Core {
    svg(options?: { full?: boolean; scale?: number; bg?: string }): string;
  }
}
