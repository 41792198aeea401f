import { createHash } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { PROJECT_ROOT, TEMPLATE_PATH } from '../../paths';
import { type FunctionDefinition, functionDefinitionsOf } from '../template/function-definitions';
import { loadTemplate } from '../template/template';
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
 * `dist/functions/<name>/<name>.mjs` (+ `.map`, + `chunks/` loaded on demand), zipped with the entry at the
 * zip's root so the handler `<name>.handler` resolves.
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
  const zip = deterministicZip(Object.fromEntries(bundle.files.map((f) => [f.path, f.contents])));
  const bundlePath = join(dir, bundle.fileName);
  const mapPath = `${bundlePath}.map`;
  const zipPath = join(dir, `${fn.name}.zip`);
  for (const file of bundle.files) {
    await mkdir(dirname(join(dir, file.path)), { recursive: true });
    await writeFile(join(dir, file.path), file.contents);
  }
  await writeFile(zipPath, zip);
  // The size that counts is all the code of the function, its lazily loaded chunks included.
  const modules = bundle.files.filter((f) => f.path.endsWith('.mjs'));
  const raw = modules.reduce((sum, f) => sum + f.contents.byteLength, 0);
  const gzip = modules.reduce((sum, f) => sum + gzipSync(f.contents).byteLength, 0);
  return {
    ...fn,
    bundlePath,
    mapPath,
    zipPath,
    sha256: createHash('sha256').update(zip).digest('hex'),
    sizes: { raw, gzip, zip: zip.byteLength },
  };
}
