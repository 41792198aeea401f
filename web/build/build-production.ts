/**
 * The production build of the app, for `npm run build:web` and for the browser tests alike.
 *
 * Vite and the React plugin read NODE_ENV when they resolve the config: under vitest it says `test`,
 * which would compile JSX for React's development runtime while bundling the production one (a blank
 * page: `jsxDEV is not a function`). So the build runs with NODE_ENV=production, put back afterwards.
 */
import { build } from 'vite';
import config, { WEB_DIST_DIR } from '../vite.config';

export interface ProductionBuildOptions {
  outDir?: string;
  sourcemap?: boolean;
  logLevel?: 'info' | 'warn';
}

export async function buildForProduction(options: ProductionBuildOptions = {}): Promise<void> {
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      ...config,
      configFile: false,
      mode: 'production',
      logLevel: options.logLevel ?? 'info',
      build: {
        ...config.build,
        outDir: options.outDir ?? WEB_DIST_DIR,
        sourcemap: options.sourcemap ?? config.build?.sourcemap ?? false,
      },
    });
  } finally {
    if (previous === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = previous;
  }
}
