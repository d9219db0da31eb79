// The console's build: one script and one stylesheet with fixed names, written where the
// server embeds them (assets/console, include_bytes! in src/http/console.rs). Fixed names
// keep the Rust side free of a manifest; the server adds a digest of each file to its URL.
// The output depends only on the sources and package-lock.json: CI rebuilds it and fails
// when it differs from the committed files.
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  base: '/console/',
  plugins: [react()],
  // `npm run dev`: the API of a `cargo run` on port 8080 behind the same origin.
  server: {
    host: '127.0.0.1',
    proxy: {
      '/graphql': { target: 'http://127.0.0.1:8080', ws: true },
      '/documents': 'http://127.0.0.1:8080',
    },
  },
  build: {
    outDir: '../assets/console',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    sourcemap: false,
    modulePreload: false,
    reportCompressedSize: false,
    // React, Cytoscape and dagre in one file (about 750 kB, 240 kB gzipped), cached by digest.
    chunkSizeWarningLimit: 1000,
    rolldownOptions: {
      output: {
        entryFileNames: 'assets/console.js',
        chunkFileNames: 'assets/[name].js',
        assetFileNames: 'assets/console[extname]',
        codeSplitting: false,
      },
    },
  },
});
