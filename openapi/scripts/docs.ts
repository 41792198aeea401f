/**
 * `npm run docs`: the API reference as one self-contained HTML file, dist/docs/index.html. The Redoc
 * bundle is inlined (`--inlineBundle`), so the page works offline instead of loading Redoc from a CDN.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DIST_DIR } from '../../paths';
import { runRedocly } from './redocly';

export const defaultDocsFile = join(DIST_DIR, 'docs', 'index.html');

/** Renders openapi/openapi.yaml (with the options in redocly.yaml) into `output`. */
export async function buildDocs(output: string = defaultDocsFile): Promise<void> {
  await mkdir(dirname(output), { recursive: true });
  const run = await runRedocly(['build-docs', 'openapi/openapi.yaml', '--output', output, '--inlineBundle']);
  if (run.code !== 0) {
    throw new Error(`redocly build-docs failed (exit ${run.code}):\n${run.stderr}${run.stdout}`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildDocs();
  console.log(`Wrote ${relative(process.cwd(), defaultDocsFile)}: open it in a browser, no network needed.`);
}
