/**
 * Dependencies point one way: functions → http → operations → store/storage/identity → aws. The
 * store, storage and identity (the user pool) speak their own errors and know nothing of HTTP, so
 * nothing under src/store, src/storage, src/identity or src/aws (what their SDK calls go through) may
 * import from the layers above them. Reads the files as text (TypeScript's import scanner): no table,
 * no bucket, nothing runs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../paths';

const SRC = join(PROJECT_ROOT, 'src');
const LOWER_LAYERS = ['store', 'storage', 'identity', 'aws'];
const UPPER_LAYERS = ['http', 'operations', 'functions'];

function sourceFilesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => join(folder, name));
}

/** Every module `file` imports (static, type-only, re-exports, dynamic), as written. */
function importsOf(text: string): string[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((imported) => imported.fileName);
}

/** `src/<layer>/...` for a relative import that lands in src, else undefined (a package, or outside src). */
function layerOf(fromFile: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const target = relative(SRC, resolve(dirname(fromFile), specifier));
  return target.startsWith('..') ? undefined : target.split(/[\\/]/)[0];
}

/** `file → import` for each import of a lower layer into an upper one. */
function upwardImports(files: { path: string; text: string }[]): string[] {
  return files.flatMap(({ path, text }) =>
    importsOf(text)
      .filter((specifier) => UPPER_LAYERS.includes(layerOf(path, specifier) ?? ''))
      .map((specifier) => `${relative(PROJECT_ROOT, path)} → ${specifier}`),
  );
}

describe('layer imports', () => {
  it('nothing under src/store, src/storage, src/identity or src/aws imports src/http, src/operations or src/functions', () => {
    // Prepare
    const files = LOWER_LAYERS.flatMap((layer) => sourceFilesUnder(join(SRC, layer))).map((path) => ({
      path,
      text: readFileSync(path, 'utf8'),
    }));
    // Act
    const upward = upwardImports(files);
    // Assess
    expect(files.length).toBeGreaterThan(15);
    expect(upward).toEqual([]);
  });

  it('would catch an upward import of any form', () => {
    // Prepare
    const path = join(SRC, 'store', 'example.ts');
    const text = [
      "import { NotFoundError } from '../http/errors';",
      "import type { IfMatch } from '../http/etag';",
      "export { createTodo } from '../operations/todos';",
      "const handler = await import('../functions/todos');",
      "import { documentClient } from './client';",
      "import { GetCommand } from '@aws-sdk/lib-dynamodb';",
      "import type { components } from '../../generated/openapi';",
    ].join('\n');
    // Act
    const upward = upwardImports([{ path, text }]);
    // Assess
    expect(upward).toEqual([
      'src/store/example.ts → ../http/errors',
      'src/store/example.ts → ../http/etag',
      'src/store/example.ts → ../operations/todos',
      'src/store/example.ts → ../functions/todos',
    ]);
  });
});
