/**
 * The client ships to browsers: it must not import Node built-ins, directly or through a dependency.
 */
import { readdir, readFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../paths';

const clientDir = join(PROJECT_ROOT, 'src', 'client');
const builtins = new Set(builtinModules);

/** Every module specifier a source file imports or re-exports (static and dynamic). */
function specifiersOf(source: string): string[] {
  const patterns = [
    /\bfrom\s+['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\bimport\s+['"]([^'"]+)['"]/g,
  ];
  return patterns.flatMap((pattern) => [...source.matchAll(pattern)].map((match) => match[1] ?? ''));
}

describe('src/client', () => {
  it('imports no Node built-in modules', async () => {
    // Prepare
    const files = (await readdir(clientDir)).filter((name) => name.endsWith('.ts'));

    // Act
    const imports = await Promise.all(
      files.map(async (name) => ({
        name,
        specifiers: specifiersOf(await readFile(join(clientDir, name), 'utf8')),
      })),
    );

    // Assess
    expect(files.length).toBeGreaterThan(0);
    const nodeOnly = imports.flatMap(({ name, specifiers }) =>
      specifiers
        .filter((s) => s.startsWith('node:') || builtins.has(s) || builtins.has(s.split('/')[0] ?? ''))
        .map((s) => `${name} imports ${s}`),
    );
    expect(nodeOnly).toEqual([]);
    const bare = new Set(imports.flatMap(({ specifiers }) => specifiers.filter((s) => !s.startsWith('.'))));
    expect([...bare]).toEqual(['openapi-fetch']);
  });

  it('bundles for the browser with its dependencies', async () => {
    // esbuild fails to resolve a Node built-in on the browser platform, wherever it is imported from.
    const result = await build({
      entryPoints: [join(clientDir, 'index.ts')],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      logLevel: 'silent',
    });

    expect(result.errors).toEqual([]);
    expect(result.outputFiles[0]?.text).toContain('Bearer');
  });
});
