/**
 * generated/ is what `npm run generate` makes from openapi/openapi.yaml, byte for byte: a contract
 * change without regenerating (or a hand edit of a generated file) fails here.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderAll } from '../../openapi/scripts/generate';
import { GENERATED_DIR } from '../../paths';

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
});
