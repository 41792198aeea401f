/**
 * The web app's build (`npm run build:web` → dist/web) and dev server (started by `npm start` through
 * local/web/web-dev-server.ts). The app imports the typed client from src/client and the contract's
 * types from generated/, both outside web/, so the dev server may read the whole repository.
 */
import { join } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { PROJECT_ROOT } from '../paths';
import { contractRules } from './build/contract-rules';
import { initialJsBudget } from './build/initial-js-budget';

export const WEB_ROOT = join(PROJECT_ROOT, 'web');
export const WEB_DIST_DIR = join(PROJECT_ROOT, 'dist', 'web');

/** Pre-bundled when the dev server starts, so a first visit never triggers a reload to add one. */
const DEPENDENCIES = [
  'react',
  'react-dom',
  'react-dom/client',
  'react/jsx-runtime',
  'react/jsx-dev-runtime',
  '@tanstack/react-query',
  'openapi-react-query',
  'openapi-fetch',
  'oidc-client-ts',
];

const webConfig = defineConfig({
  root: WEB_ROOT,
  publicDir: false,
  plugins: [react(), contractRules(), initialJsBudget()],
  build: {
    outDir: WEB_DIST_DIR,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
  },
  server: { host: '127.0.0.1', strictPort: true, fs: { allow: [PROJECT_ROOT] } },
  optimizeDeps: { include: DEPENDENCIES },
});

export default webConfig;
