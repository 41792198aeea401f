import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { buildFunctions, type FunctionArtifact } from '../../infra/build/build-functions';
import { sizeReport } from '../../infra/build/size-report';
import { functionDefinitionsOf } from '../../infra/template/function-definitions';
import { loadTemplate } from '../../infra/template/template';

const run = promisify(execFile);
const scratch: string[] = [];
const tempDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'swifty-build-'));
  scratch.push(dir);
  return dir;
};
afterAll(async () => {
  await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
});

/**
 * Imports a bundle in a plain `node` process, as the Lambda runtime does (vitest's own module
 * loader would hide a missing `require`), and prints what its handler is and returns.
 */
async function importInNode(
  bundlePath: string,
  event: unknown = {},
): Promise<{ type: string; result?: unknown }> {
  const dir = await tempDir();
  const probe = join(dir, 'probe.mjs');
  await writeFile(
    probe,
    `const m = await import(${JSON.stringify(bundlePath)});
     const result = ${JSON.stringify(event)} === null ? undefined : await m.handler(${JSON.stringify(event)});
     console.log(JSON.stringify({ type: typeof m.handler, result }));`,
  );
  const { stdout } = await run(process.execPath, ['--no-warnings', probe], {
    env: {
      ...process.env,
      AWS_REGION: 'eu-west-1',
      TABLE_NAME: 'swiftyplanner-test',
      BUCKET_NAME: 'attachments',
    },
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');
}

const greeter = [
  {
    logicalId: 'GreeterFunction',
    name: 'greeter',
    entry: 'test/infra/fixtures/greeter.ts',
    codeKeyParameter: 'GreeterFunctionCodeKey',
  },
];

/** A build made the first time a test asks for it, shared by the tests that only read it. */
function sharedBuild(options: () => Promise<Parameters<typeof buildFunctions>[0]>) {
  let artifacts: Promise<FunctionArtifact[]> | undefined;
  return () => {
    artifacts ??= options().then(buildFunctions);
    return artifacts;
  };
}
const greeterBuild = sharedBuild(async () => ({ outDir: await tempDir(), functions: greeter }));
/** `npm run build`: every function of the template (esbuild takes a second or two of CPU for it). */
const everyFunctionBuild = sharedBuild(async () => ({ outDir: await tempDir() }));

describe('buildFunctions', () => {
  it('bundles an entry into <name>.mjs with a createRequire banner, so CommonJS requires of built-ins work', async () => {
    // Act
    const [artifact] = await greeterBuild();

    // Assess
    expect(artifact?.bundlePath).toMatch(/functions\/greeter\/greeter\.mjs$/);
    const imported = await importInNode(artifact?.bundlePath ?? '', { name: 'Ada' });
    expect(imported.type).toBe('function');
    expect(imported.result).toMatchObject({
      statusCode: 200,
      body: expect.stringContaining('"hello":"Ada"'),
    });
    // Without the banner the same bundle cannot load: the banner is what makes it work.
    const copy = await tempDir();
    await cp(dirname(artifact?.bundlePath ?? ''), copy, { recursive: true });
    for (const file of await readdir(copy, { recursive: true })) {
      if (!file.endsWith('.mjs')) continue;
      const code = await readFile(join(copy, file), 'utf8');
      await writeFile(join(copy, file), code.split('\n').slice(1).join('\n')); // the banner's line
    }
    await expect(importInNode(join(copy, 'greeter.mjs'))).rejects.toThrow(
      /Dynamic require of "node:crypto" is not supported/,
    );
  });

  it('zips the bundle and its source map at the zip root, sources relative to the repository', async () => {
    // Act
    const [artifact] = await greeterBuild();

    // Assess
    const entries = unzipSync(await readFile(artifact?.zipPath ?? ''));
    const names = Object.keys(entries);
    expect(names).toContain('greeter.mjs');
    expect(names).toContain('greeter.mjs.map');
    const modules = names.filter((n) => n.endsWith('.mjs'));
    expect(names.filter((n) => n.endsWith('.map')).sort()).toEqual(modules.map((n) => `${n}.map`).sort());
    const map = JSON.parse(new TextDecoder().decode(entries['greeter.mjs.map']));
    expect(map.sources).toContain('test/infra/fixtures/greeter.ts');
    expect(map.sourcesContent).toBeUndefined();
    expect(new TextDecoder().decode(entries['greeter.mjs'])).toMatch(
      /\/\/# sourceMappingURL=greeter\.mjs\.map\s*$/,
    );
    expect(artifact?.sizes.zip).toBe((await readFile(artifact?.zipPath ?? '')).byteLength);
    expect(artifact?.sizes.gzip).toBeLessThan(artifact?.sizes.raw ?? 0);
  });

  it('writes byte-identical zips for the same input, wherever it writes them', async () => {
    // Act
    const [first] = await greeterBuild();
    const [second] = await buildFunctions({ outDir: await tempDir(), functions: greeter });

    // Assess
    expect(first?.zipPath).not.toBe(second?.zipPath);
    expect(Buffer.compare(await readFile(first?.zipPath ?? ''), await readFile(second?.zipPath ?? ''))).toBe(
      0,
    );
    expect(first?.sha256).toBe(second?.sha256);
  });

  it('builds every function the template names (npm run build): import-able, identical across builds', {
    timeout: 180_000,
  }, async () => {
    // Act
    const first = await everyFunctionBuild();
    const second = await buildFunctions({ outDir: await tempDir() });

    // Assess
    const names = functionDefinitionsOf(loadTemplate()).map((f) => f.name);
    expect(first.map((a) => a.name)).toEqual(names);
    for (const [i, artifact] of first.entries()) {
      const entries = unzipSync(await readFile(artifact.zipPath));
      const names = Object.keys(entries);
      // The entry at the root (Handler: <name>.handler), lazily loaded chunks beside it, a map for each.
      expect(names).toContain(`${artifact.name}.mjs`);
      const modules = names.filter((n) => n.endsWith('.mjs'));
      for (const n of modules)
        expect(n === `${artifact.name}.mjs` || /^chunks\/[\w-]+\.mjs$/.test(n)).toBe(true);
      expect(names.filter((n) => n.endsWith('.map')).sort()).toEqual(modules.map((n) => `${n}.map`).sort());
      expect((await importInNode(artifact.bundlePath, null)).type).toBe('function');
      expect(artifact.sha256).toBe((second[i] as FunctionArtifact).sha256);
    }
  });
});

describe('code splitting', () => {
  it('keeps the S3 client out of the todos entry: it loads from a chunk when an attachment needs it', {
    timeout: 120_000,
  }, async () => {
    // Act
    const artifacts = await everyFunctionBuild();

    // Assess
    const todos = artifacts.find((a) => a.name === 'todos');
    const entries = unzipSync(await readFile(todos?.zipPath ?? ''));
    const text = (name: string) => new TextDecoder().decode(entries[name]);
    const chunks = Object.keys(entries).filter((n) => n.startsWith('chunks/') && n.endsWith('.mjs'));
    expect(text('todos.mjs')).not.toContain('ListObjectsV2');
    expect(chunks.some((n) => text(n).includes('ListObjectsV2'))).toBe(true);
  });
});

describe("the functions' roles in their bundles", () => {
  it('ships the Cognito client in the erasure function only: the users function cannot delete a sign-in identity', {
    timeout: 180_000,
  }, async () => {
    // Act
    const artifacts = await everyFunctionBuild();

    // Assess: every module of each zip, chunks included (AdminDeleteUser is the client's command).
    const shipsCognito = async (name: string) => {
      const artifact = artifacts.find((a) => a.name === name);
      const entries = unzipSync(await readFile(artifact?.zipPath ?? ''));
      const modules = Object.keys(entries).filter((n) => n.endsWith('.mjs'));
      return modules.some((n) => new TextDecoder().decode(entries[n]).includes('AdminDeleteUser'));
    };
    expect(await shipsCognito('erasure')).toBe(true);
    expect(await shipsCognito('users')).toBe(false);
    expect(await shipsCognito('todos')).toBe(false);
  });
});

describe('sizeReport', () => {
  it('lists raw, gzipped and zip sizes per function', () => {
    // Prepare
    const artifact = {
      name: 'users',
      sha256: 'ab'.repeat(32),
      sizes: { raw: 400 * 1024, gzip: 120 * 1024, zip: 2.5 * 1024 * 1024 },
    } as FunctionArtifact;

    // Act
    const lines = sizeReport([artifact]);

    // Assess
    expect(lines).toEqual([
      'function     bundle       gzip       zip        sha256',
      'users     400.0 KiB  120.0 KiB  2.50 MiB  abababababab',
    ]);
  });
});
