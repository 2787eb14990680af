import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// The UI is served by `archgraph serve` from the embedded frontend/dist. In development,
// `npm run dev` proxies /graphql to a running server (ARCHGRAPH_URL, default :8080).
export default defineConfig({
  plugins: [react()],
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
    environment: 'node',
  },
});
