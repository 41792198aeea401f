/**
 * `npm run build:web`: the app into dist/web (index.html, hashed assets), with the initial-JS report
 * and budget (./initial-js-budget.ts). The config is imported rather than loaded by Vite, so its
 * TypeScript imports resolve as everywhere else in the repository.
 */
import { WEB_DIST_DIR } from '../vite.config';
import { buildForProduction } from './build-production';

try {
  await buildForProduction();
  console.log(`\nThe app is in ${WEB_DIST_DIR}; serve it with a config.json beside index.html.`);
} catch (error) {
  // Vite has printed the failure (the budget's message included).
  process.exitCode = 1;
  if (!(error instanceof Error) || !/over budget/.test(error.message)) console.error(error);
}
