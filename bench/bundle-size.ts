/**
 * Benchmark 2, bundle size: each function's `.mjs`, minified (as built) and gzipped with zlib, next
 * to baseline (b), which is what the DynamoDB client alone weighs. Every `.mjs` beside the entry
 * counts too (chunks, should the build split), each gzipped on its own as a zip stores it. A
 * re-bundle of the same entry with esbuild's metafile says which packages the bytes come from.
 */
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { functionBundleOptions } from '../infra/build/bundle';
import { PROJECT_ROOT } from '../paths';
import { round } from './statistics';
import type { Subject, SubjectName } from './subjects';

const KB = 1024;

export interface BundleSize {
  minifiedKb: number;
  gzipKb: number;
  /** The `.mjs` files: 1 for a single-file bundle. */
  files: number;
  /** The heaviest packages in the minified output (KB, before gzip). */
  largestPackagesKb?: Record<string, number>;
}

export type BundleSizeResult = Partial<Record<SubjectName, BundleSize>>;

export async function measureBundleSizes(
  subjects: Subject[],
  entries: Partial<Record<SubjectName, string>>,
  progress: (line: string) => void,
): Promise<BundleSizeResult> {
  const result: BundleSizeResult = {};
  for (const subject of subjects) {
    const files = await moduleFiles(dirname(subject.bundle));
    const codes = await Promise.all(files.map((file) => readFile(file)));
    const size: BundleSize = {
      minifiedKb: round(codes.reduce((sum, code) => sum + code.length, 0) / KB, 1),
      gzipKb: round(codes.reduce((sum, code) => sum + gzipSync(code).length, 0) / KB, 1),
      files: files.length,
    };
    const entry = entries[subject.name];
    if (entry) size.largestPackagesKb = await largestPackages(entry);
    result[subject.name] = size;
    progress(
      `bundle size ${subject.name.padEnd(11)} ${size.minifiedKb} KB minified, ${size.gzipKb} KB gzipped`,
    );
  }
  return result;
}

async function moduleFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.mjs'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Bytes in the minified output by package (`@aws-sdk/client-s3`, `src`, ...), the ten largest. */
async function largestPackages(entry: string, count = 10): Promise<Record<string, number>> {
  const { metafile } = await build({
    ...functionBundleOptions(PROJECT_ROOT),
    entryPoints: [join(PROJECT_ROOT, entry)],
    outfile: 'analysis.mjs',
    write: false,
    metafile: true,
    sourcemap: false,
  });
  const byPackage = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const name = packageOf(input);
      byPackage.set(name, (byPackage.get(name) ?? 0) + bytesInOutput);
    }
  }
  return Object.fromEntries(
    [...byPackage.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([name, bytes]) => [name, round(bytes / KB, 1)]),
  );
}

function packageOf(input: string): string {
  // The innermost node_modules names the package that holds the file.
  const matches = [...input.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)/g)];
  const innermost = matches[matches.length - 1]?.[1];
  if (innermost) return innermost;
  return input.split('/')[0] ?? input;
}
