import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is src/local/project-paths.ts): entries and builds are relative to it. */
export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CONTRACT_PATH = join(PROJECT_ROOT, 'openapi', 'openapi.yaml');
export const TEMPLATE_PATH = join(PROJECT_ROOT, 'infra', 'template.yaml');
