// Vite build of the staff web app: `npm run build` (vite build web) writes web/dist, which the server serves.
// `npx vite web` runs a dev server that forwards API calls to a local `npm start` (MIKROCRED_API, default :3000).
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const api = process.env.MIKROCRED_API ?? 'http://localhost:3000';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // Served under the server's CSP (script-src 'self'): no inline scripts or styles from the build.
    assetsInlineLimit: 0,
  },
  server: {
    proxy: { '/api': api, '/i': api, '/ns': api, '/health': api },
  },
});
