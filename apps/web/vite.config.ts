import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The API the dev server proxies to; GENONAUT_API_URL points it at another instance (e.g. :8011).
const apiTarget = process.env.GENONAUT_API_URL ?? 'http://127.0.0.1:8001';

// The demo user the app acts as in open auth mode when /api/v1/auth/config cannot be reached.
// Read from the one place the server reads it too, so the id is never written twice.
function demoUserId(): string {
  const base = JSON.parse(readFileSync(fileURLToPath(new URL('../../config/base.json', import.meta.url)), 'utf8')) as {
    demo?: { 'admin-user-id'?: string };
  };
  return base.demo?.['admin-user-id'] ?? '';
}

export default defineConfig({
  plugins: [react()],
  define: { __DEMO_USER_ID__: JSON.stringify(demoUserId()) },
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      '/api': { target: apiTarget, changeOrigin: true },
      '/ws': { target: apiTarget, ws: true, changeOrigin: true },
      '/docs': { target: apiTarget, changeOrigin: true },
      '/openapi.json': { target: apiTarget, changeOrigin: true },
    },
  },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 800,
  },
});
