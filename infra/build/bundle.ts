import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { type BuildOptions, build } from 'esbuild';

export interface Bundle {
  /** `users.mjs` */
  fileName: string;
  code: Uint8Array;
  /** `users.mjs.map`, its sources relative to the repository root. */
  mapFileName: string;
  map: Uint8Array;
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
 * Bundles one Lambda entry into a single minified ES module for nodejs22.x, the AWS SDK v3
 * included (the runtime's own copy is not pinned to the version we test with).
 */
export async function bundleFunction(options: {
  projectRoot: string;
  entry: string;
  name: string;
}): Promise<Bundle> {
  const fileName = `${options.name}.mjs`;
  const mapFileName = `${fileName}.map`;
  // esbuild writes nothing (write: false); the outfile only anchors the source map's paths.
  const outfile = join(options.projectRoot, 'dist', 'functions', options.name, fileName);
  const result = await build({
    ...functionBundleOptions(options.projectRoot),
    entryPoints: [isAbsolute(options.entry) ? options.entry : join(options.projectRoot, options.entry)],
    outfile,
    write: false,
  });
  const code = result.outputFiles.find((f) => f.path === outfile);
  const map = result.outputFiles.find((f) => f.path === `${outfile}.map`);
  if (!code || !map) throw new Error(`esbuild produced no bundle for ${options.entry}`);
  return {
    fileName,
    code: code.contents,
    mapFileName,
    map: new TextEncoder().encode(rootRelativeSourceMap(map.text, dirname(outfile), options.projectRoot)),
  };
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
