import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { type BuildOptions, build } from 'esbuild';

export interface BundleFile {
  /** Relative to the function's folder: `users.mjs`, `users.mjs.map`, `chunks/s3-ABC123.mjs`. */
  path: string;
  contents: Uint8Array;
}

export interface Bundle {
  /** The entry module, `users.mjs`: what the Lambda handler `users.handler` loads. */
  fileName: string;
  /** The entry, its lazily loaded chunks and every source map, sorted by path. */
  files: BundleFile[];
}

/**
 * An ESM bundle cannot `require`, yet parts of the AWS SDK (and other CommonJS dependencies bundled
 * into ESM) call `require("node:...")` for built-ins at import time. esbuild keeps those calls as
 * they are; this banner gives them a real `require`.
 */
const REQUIRE_BANNER =
  "import { createRequire as __swiftyCreateRequire } from 'node:module';" +
  'const require = __swiftyCreateRequire(import.meta.url);';

/**
 * The esbuild settings of every function bundle, exported so that tools which need esbuild's
 * metafile (the benchmarks' size breakdown) bundle exactly as the build does.
 */
export function functionBundleOptions(projectRoot: string): BuildOptions {
  return {
    absWorkingDir: projectRoot,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    // ESM builds of the SDK first: smaller bundles, fewer CommonJS wrappers.
    mainFields: ['module', 'main'],
    minify: true,
    sourcemap: 'linked',
    sourcesContent: false,
    banner: { js: REQUIRE_BANNER },
    logLevel: 'silent',
  };
}

/**
 * Bundles one Lambda entry into minified ES modules for nodejs22.x, the AWS SDK v3 included (the
 * runtime's own copy is not pinned to the version we test with).
 *
 * Code splitting: every dynamic `import()` (the S3 client and presigner behind attachments, the SDK's
 * rarely used credential providers) becomes a chunk of its own under `chunks/`, loaded the first time
 * it is needed. Node parses and compiles every byte of a module it imports, even code that never
 * runs, so keeping those bytes out of the entry is what keeps a cold start close to the bare
 * DynamoDB client's (see bench/). Chunk names carry a content hash: same input, same files.
 */
export async function bundleFunction(options: {
  projectRoot: string;
  entry: string;
  name: string;
}): Promise<Bundle> {
  // esbuild writes nothing (write: false); outdir only anchors the paths of files and maps.
  const outdir = join(options.projectRoot, 'dist', 'functions', options.name);
  const result = await build({
    ...functionBundleOptions(options.projectRoot),
    entryPoints: {
      [options.name]: isAbsolute(options.entry) ? options.entry : join(options.projectRoot, options.entry),
    },
    outdir,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    write: false,
  });
  const fileName = `${options.name}.mjs`;
  const files = result.outputFiles
    .map((file) => {
      const path = relative(outdir, file.path).split(sep).join('/');
      const contents = path.endsWith('.map')
        ? new TextEncoder().encode(rootRelativeSourceMap(file.text, dirname(file.path), options.projectRoot))
        : file.contents;
      return { path, contents };
    })
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  if (!files.some((f) => f.path === fileName))
    throw new Error(`esbuild produced no bundle for ${options.entry}`);
  return { fileName, files };
}

/**
 * Rewrites the map's sources from "relative to the output folder" to "relative to the repository
 * root": the bytes no longer depend on where the build writes, and on Lambda the stack traces read
 * /var/task/src/functions/users.ts.
 */
function rootRelativeSourceMap(text: string, mapDir: string, projectRoot: string): string {
  const map = JSON.parse(text) as { sources: string[] };
  map.sources = map.sources.map((source) =>
    relative(projectRoot, resolve(mapDir, source)).split(sep).join('/'),
  );
  return JSON.stringify(map);
}
