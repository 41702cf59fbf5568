import { defineConfig } from 'vite';

// Static single-page app served by `solimob serve` from web/dist/.
// During `npm run dev`, /api is proxied to a running back end (or the mock server).
export default defineConfig({
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      output: {
        // MapLibre's module worker is an asset (imported with ?url): give it a .js name so any
        // static server sends it with a JavaScript MIME type (module workers require one).
        assetFileNames: (info) => ((info.names?.[0] ?? '').endsWith('.mjs') ? 'assets/[name]-[hash].js' : 'assets/[name]-[hash][extname]'),
      },
    },
  },
  server: {
    proxy: {
      '/api': process.env.SOLIMOB_API ?? 'http://127.0.0.1:8080',
    },
  },
});
