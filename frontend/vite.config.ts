import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';

/** preloadRoot: index.html preloads the application's chunk (src/root.tsx, imported by the entry
 * once the page's requests have started), so that it downloads alongside the entry. It counts in
 * the initial JS (scripts/postbuild.mjs counts every modulepreload). */
function preloadRoot(): Plugin {
  return {
    name: 'archgraph-preload-root',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const bundle = ctx.bundle ?? {};
        const root = Object.values(bundle).find((c) => c.type === 'chunk' && c.facadeModuleId?.endsWith('/src/root.tsx'));
        if (!root || root.type !== 'chunk') throw new Error('preloadRoot: no chunk for src/root.tsx');
        // The chunk and the chunks it imports statically (those the entry has are preloaded already).
        const files = new Set<string>();
        const add = (name: string) => {
          const c = bundle[name];
          if (files.has(name) || !c || c.type !== 'chunk' || c.isEntry) return;
          files.add(name);
          c.imports.forEach(add);
        };
        add(root.fileName);
        return [...files]
          .filter((f) => !html.includes(`/${f}"`))
          .map((f) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/${f}` }, injectTo: 'head' as const }));
      },
    },
  };
}

// The UI is served by `archgraph serve` from the embedded frontend/dist. In development,
// `npm run dev` proxies /graphql to a running server (ARCHGRAPH_URL, default :8080).
export default defineConfig({
  plugins: [react(), preloadRoot()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0, // CSP default-src 'self': keep everything a file
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: { '/graphql': process.env.ARCHGRAPH_URL ?? 'http://127.0.0.1:8080' },
  },
  test: {
    include: ['src/**/*.test.ts'],
    // lib/color.test.ts reads a style sheet (?raw): CSS is otherwise emptied in the tests.
    css: { include: [/conformance\.css/] },
    environment: 'node',
  },
});
