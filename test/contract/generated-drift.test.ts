/**
 * generated/ is what `npm run generate` makes from openapi/openapi.yaml, byte for byte: a contract
 * change without regenerating (or a hand edit of a generated file) fails here. The same holds for the
 * types generated from the type tests' fixture contracts.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadContract } from '../../openapi/scripts/contract/load-contract';
import { renderAll } from '../../openapi/scripts/generate';
import { renderPublicOperations, renderTypes } from '../../openapi/scripts/render-types';
import { GENERATED_DIR, PROJECT_ROOT } from '../../paths';

const generatedDir = GENERATED_DIR;

/** Every file under generated/, as `validators/todos.js`-style paths. */
async function committedFiles(): Promise<string[]> {
  const entries = await readdir(generatedDir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(generatedDir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

describe('generated/', () => {
  let rendered: Map<string, string>;

  beforeAll(async () => {
    rendered = await renderAll();
  });

  it('holds exactly the files the generator writes, nothing else', async () => {
    expect(await committedFiles()).toEqual([...rendered.keys()].sort());
  });

  it('is up to date with openapi/openapi.yaml (run `npm run generate` if not)', async () => {
    const stale: string[] = [];
    for (const [name, content] of rendered) {
      const committed = await readFile(join(generatedDir, name), 'utf8').catch(() => undefined);
      if (committed !== content) stale.push(`generated/${name}`);
    }

    expect(stale).toEqual([]);
  });

  it("names the contract's public operations for the handler types (src/http/operation.ts)", () => {
    expect(rendered.get('public-operations.d.ts')).toContain('export type PublicOperationId = "getHealth";');
  });
});

/** Contracts whose generated types the type tests (`*.test-d.ts`) compile against. */
const typeFixtures = ['test/http/fixtures/public-operations'];

describe.each(typeFixtures)('%s/generated/', (fixture) => {
  it('is what the generator makes of its openapi.yaml (`npx vitest run test/contract/generated-drift -u` rewrites it)', async () => {
    const contract = await loadContract(join(PROJECT_ROOT, fixture, 'openapi.yaml'));
    const banner = `// Generated from ${fixture}/openapi.yaml by test/contract/generated-drift.test.ts. Do not edit.\n`;
    const out = join(PROJECT_ROOT, fixture, 'generated');

    await expect(await renderTypes(contract, banner)).toMatchFileSnapshot(join(out, 'openapi.d.ts'));
    await expect(renderPublicOperations(contract, banner)).toMatchFileSnapshot(
      join(out, 'public-operations.d.ts'),
    );
  });
});
