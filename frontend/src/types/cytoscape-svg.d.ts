// cytoscape-svg ships no types: the extension registers cy.svg(options) (typed in cytoscape-augment.d.ts).
declare module 'cytoscape-svg' {
  import type { Ext } from 'cytoscape';
  const ext: Ext;
  export default ext;
}
