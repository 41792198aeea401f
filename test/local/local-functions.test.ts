/**
 * Functions run in process from esbuild bundles: each in its own module scope (two functions that
 * import the same module do not share its state, as two Lambda containers would not), and in watch
 * mode a source change swaps in a fresh bundle for the next request.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FunctionBuildError,
  type LocalFunctions,
  loadLocalFunctions,
} from '../../local/lambda/local-functions';
import type { TemplateFunction } from '../../local/stack/local-template';

let root: string;
const settings = { functionName: 'test', memoryMb: 128, timeoutSeconds: 3 };
const fn = (logicalId: string, entry: string, exportName = 'handler'): TemplateFunction => ({
  logicalId,
  entry,
  exportName,
  settings,
});
const invoke = async (functions: LocalFunctions, id: string) =>
  functions.handlerOf(id)?.({} as APIGatewayProxyEventV2WithJWTAuthorizer, {} as Context);

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'swiftyplanner-functions-'));
  // A module with container state, imported by two functions.
  await writeFile(join(root, 'counter.ts'), 'let count = 0;\nexport const next = () => ++count;\n');
  for (const name of ['a', 'b']) {
    await writeFile(
      join(root, `${name}.ts`),
      "import { next } from './counter';\nexport const handler = async () => next();\n",
    );
  }
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('loadLocalFunctions', () => {
  it('gives every function its own module scope', async () => {
    // Act
    const functions = await loadLocalFunctions({
      functions: [fn('AFunction', 'a.ts'), fn('BFunction', 'b.ts')],
      root,
      outDir: join(root, '.build'),
    });
    const counts = [
      await invoke(functions, 'AFunction'),
      await invoke(functions, 'AFunction'),
      await invoke(functions, 'BFunction'),
    ];
    await functions.close();

    // Assess: B's counter starts at 1, untouched by A's two calls
    expect(counts).toEqual([1, 2, 1]);
  });

  it('says which entry failed to bundle and why', async () => {
    const loading = loadLocalFunctions({
      functions: [fn('Missing', 'nope.ts')],
      root,
      outDir: join(root, '.build'),
    });
    await expect(loading).rejects.toThrow(FunctionBuildError);
    await expect(loading).rejects.toThrow(/Missing \(nope\.ts\)/);
  });

  it('says when the entry does not export the handler the template names', async () => {
    const loading = loadLocalFunctions({
      functions: [fn('A', 'a.ts', 'main')],
      root,
      outDir: join(root, '.build'),
    });
    await expect(loading).rejects.toThrow(/a\.ts does not export a function named main/);
  });

  it('rebuilds on a source change in watch mode and serves the new code', async () => {
    // Prepare
    await writeFile(join(root, 'version.ts'), "export const handler = async () => 'v1';\n");
    let reloaded: (message: string) => void = () => undefined;
    const reload = new Promise<string>((resolve) => {
      reloaded = resolve;
    });
    const functions = await loadLocalFunctions({
      functions: [fn('VersionFunction', 'version.ts')],
      root,
      outDir: join(root, '.build-watch'),
      watch: true,
      onReload: (message) => reloaded(message),
    });
    const before = await invoke(functions, 'VersionFunction');

    // Act
    await writeFile(join(root, 'version.ts'), "export const handler = async () => 'v2';\n");
    const message = await reload;
    const after = await invoke(functions, 'VersionFunction');
    await functions.close();

    // Assess
    expect(before).toBe('v1');
    expect(message).toMatch(/Rebuilt version\.ts/);
    expect(after).toBe('v2');
  });
});
