/**
 * The bundles the benchmarks measure. The functions' bundles come from the project's own build
 * (infra/build: the very `.mjs` files `npm run build` zips); the two baseline fixtures go through the
 * build's own `bundleFunction`, so a difference in cold start or size is the code's, not the bundler
 * settings'.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { buildFunctions } from '../infra/build/build-functions';
import { bundleFunction } from '../infra/build/bundle';
import { PROJECT_ROOT } from '../paths';
import type { FunctionName } from './subjects';

export interface BuiltFunction {
  name: FunctionName;
  /** The entry module, relative to the repository (`src/functions/todos.ts`). */
  entry: string;
  bundle: string;
  zip: string;
  zipKb: number;
}

/**
 * Runs the project's build (as `npm run build` does) into `outDir` (`dist` by default) and returns
 * the bundles of the functions the benchmarks know.
 */
export async function buildProjectFunctions(outDir?: string): Promise<BuiltFunction[]> {
  const artifacts = await buildFunctions(outDir ? { outDir } : {});
  return artifacts
    .filter((artifact): artifact is typeof artifact & { name: FunctionName } =>
      ['todos', 'users'].includes(artifact.name),
    )
    .map((artifact) => ({
      name: artifact.name,
      entry: artifact.entry,
      bundle: artifact.bundlePath,
      zip: artifact.zipPath,
      zipKb: Math.round((artifact.sizes.zip / 1024) * 10) / 10,
    }));
}

/** Bundles one fixture (an entry relative to the repository) exactly as the build bundles a function. */
export async function bundleFixture(entry: string, outDir: string, name: string): Promise<string> {
  const bundle = await bundleFunction({ projectRoot: PROJECT_ROOT, entry, name });
  for (const file of bundle.files) {
    const path = join(outDir, name, file.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, file.contents);
  }
  return join(outDir, name, bundle.fileName);
}
