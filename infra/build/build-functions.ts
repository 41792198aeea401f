import { createHash } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type FunctionDefinition, functionDefinitionsOf } from '../template/function-definitions';
import { loadTemplate, PROJECT_ROOT, TEMPLATE_PATH } from '../template/template';
import { bundleFunction } from './bundle';
import { deterministicZip } from './deterministic-zip';

export interface FunctionArtifact {
  logicalId: string;
  name: string;
  entry: string;
  /** Template parameter that receives the zip's S3 key. */
  codeKeyParameter: string;
  bundlePath: string;
  mapPath: string;
  zipPath: string;
  /** Hex SHA-256 of the zip: the content hash in its S3 key. */
  sha256: string;
  sizes: { raw: number; gzip: number; zip: number };
}

export interface BuildOptions {
  projectRoot?: string;
  /** Where `functions/<name>/` go; default `<projectRoot>/dist`. */
  outDir?: string;
  templatePath?: string;
  /** Build these instead of the template's functions (tests). */
  functions?: FunctionDefinition[];
}

/**
 * `npm run build`: one bundle per function of the template, written as
 * `dist/functions/<name>/<name>.mjs` (+ `.map`) and zipped with both files at the zip's root.
 */
export async function buildFunctions(options: BuildOptions = {}): Promise<FunctionArtifact[]> {
  const projectRoot = options.projectRoot ?? PROJECT_ROOT;
  const outDir = options.outDir ?? join(projectRoot, 'dist');
  const functions =
    options.functions ?? functionDefinitionsOf(loadTemplate(options.templatePath ?? TEMPLATE_PATH));
  if (functions.length === 0)
    throw new Error('The template declares no function with Metadata.SwiftyPlanner.Entry');
  // One at a time: esbuild already uses every core, and the machine is shared.
  const artifacts: FunctionArtifact[] = [];
  for (const fn of functions) artifacts.push(await buildFunction(fn, projectRoot, outDir));
  return artifacts;
}

async function buildFunction(
  fn: FunctionDefinition,
  projectRoot: string,
  outDir: string,
): Promise<FunctionArtifact> {
  const bundle = await bundleFunction({ projectRoot, entry: fn.entry, name: fn.name });
  const dir = join(outDir, 'functions', fn.name);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const zip = deterministicZip({ [bundle.fileName]: bundle.code, [bundle.mapFileName]: bundle.map });
  const bundlePath = join(dir, bundle.fileName);
  const mapPath = join(dir, bundle.mapFileName);
  const zipPath = join(dir, `${fn.name}.zip`);
  await Promise.all([
    writeFile(bundlePath, bundle.code),
    writeFile(mapPath, bundle.map),
    writeFile(zipPath, zip),
  ]);
  return {
    ...fn,
    bundlePath,
    mapPath,
    zipPath,
    sha256: createHash('sha256').update(zip).digest('hex'),
    sizes: { raw: bundle.code.byteLength, gzip: gzipSync(bundle.code).byteLength, zip: zip.byteLength },
  };
}
