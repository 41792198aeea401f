/**
 * Where things are in this repository. Every script, the local stack, the tests and the benchmarks
 * take their paths from here, so moving a folder means changing one line.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: this file's folder. */
export const PROJECT_ROOT = fileURLToPath(new URL('.', import.meta.url));
export const CONTRACT_PATH = join(PROJECT_ROOT, 'openapi', 'openapi.yaml');
export const GENERATED_DIR = join(PROJECT_ROOT, 'generated');
export const TEMPLATE_PATH = join(PROJECT_ROOT, 'infra', 'template.yaml');
export const PIPELINE_PATH = join(PROJECT_ROOT, 'infra', 'pipeline.yaml');
export const DIST_DIR = join(PROJECT_ROOT, 'dist');
/** Where `npm run build:web` writes the web app, which `npm run deploy` publishes. */
export const WEB_DIST_DIR = join(DIST_DIR, 'web');
