/** Builds the app as `npm run build:web` does, into a directory of the test's (dist/web is the developer's). */
import { buildForProduction } from '../../../web/build/build-production';

export function buildWebApp(outDir: string): Promise<void> {
  return buildForProduction({ outDir, sourcemap: false, logLevel: 'warn' });
}
