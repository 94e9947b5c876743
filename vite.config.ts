import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { offline } from './build/offline';

// Cross-origin isolation lets the wasm backend use threads (SharedArrayBuffer); every asset is
// served from the app's own origin, so these headers cost nothing.
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

export default defineConfig({
  // Relative URLs: the build works from any folder of any static server.
  base: './',
  plugins: [react(), offline({ template: 'src/offline/sw.js' })],
  worker: { format: 'es' },
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
});
