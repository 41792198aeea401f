/**
 * `npm run build:client`: the package a frontend in another repository installs. It is built into a
 * temporary folder, packed with \`npm pack\` and unpacked into a consumer project outside this repository
 * (its node_modules holds that and a link to openapi-fetch, nothing else). The consumer type-checks against it under both
 * module resolutions a frontend uses, and runs it in Node.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { buildClientPackage, type ClientPackage } from '../../infra/build/client-package';
import { CONTRACT_PATH, PROJECT_ROOT } from '../../paths';

let work: string;
let consumer: string;
let pkg: ClientPackage;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'client-package-'));
  pkg = await buildClientPackage(join(work, 'package'));
  consumer = join(work, 'frontend');
  await mkdir(join(consumer, 'node_modules'), { recursive: true });
  await writeFile(join(consumer, 'package.json'), JSON.stringify({ name: 'frontend', type: 'module' }));
  // As \`npm install <tarball>\` does: the packed files, unpacked under node_modules.
  const { stdout } = await promisify(execFile)('npm', [
    'pack',
    '--json',
    '--pack-destination',
    work,
    pkg.dir,
  ]);
  const [{ filename }] = JSON.parse(stdout) as [{ filename: string }];
  const installed = join(consumer, 'node_modules', pkg.name);
  await mkdir(installed);
  await promisify(execFile)('tar', ['-xzf', join(work, filename), '-C', installed, '--strip-components=1']);
  await symlink(
    join(PROJECT_ROOT, 'node_modules', 'openapi-fetch'),
    join(consumer, 'node_modules', 'openapi-fetch'),
  );
}, 60_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/**
 * TypeScript's own lib files (lib.dom.d.ts alone is 1.8 MB), parsed and bound by the first check and
 * reused by the second, as an editor's language service shares them between projects: they declare
 * globals only, so neither module resolution reads them differently.
 */
const libFiles = new Map<string, ts.SourceFile | undefined>();
const LIB_DIR = dirname(ts.getDefaultLibFilePath({}));

/** Type-checks `source` as the consumer's only file; returns the error messages. */
function typeErrors(source: string, moduleResolution: 'bundler' | 'nodenext'): string[] {
  const file = join(consumer, 'app.ts');
  const host = ts.createCompilerHost({});
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (path, languageVersion, ...rest) => {
    if (dirname(path) !== LIB_DIR) return getSourceFile(path, languageVersion, ...rest);
    const { languageVersion: target, impliedNodeFormat } =
      typeof languageVersion === 'object'
        ? languageVersion
        : { languageVersion, impliedNodeFormat: undefined };
    const key = `${path} ${target} ${impliedNodeFormat}`;
    if (!libFiles.has(key)) libFiles.set(key, getSourceFile(path, languageVersion, ...rest));
    return libFiles.get(key);
  };
  const readFile = host.readFile.bind(host);
  host.readFile = (path) => (path === file ? source : readFile(path));
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (path) => path === file || fileExists(path);
  const bundler = moduleResolution === 'bundler';
  const program = ts.createProgram(
    [file],
    {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: bundler ? ts.ModuleKind.ESNext : ts.ModuleKind.NodeNext,
      moduleResolution: bundler ? ts.ModuleResolutionKind.Bundler : ts.ModuleResolutionKind.NodeNext,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
      types: [],
      // Checking TypeScript's own lib files was four fifths of each check; the package's are still checked.
      skipDefaultLibCheck: true,
    },
    host,
  );
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))
    .filter(Boolean);
}

/** A frontend's code: the first function compiles, each statement of the second is one mistake. */
const consumerCode = `
import { createSwiftyClient, type operations, type Todo } from 'swiftyplanner-client';
const api = createSwiftyClient({ baseUrl: 'https://api.example.com', token: 't' });
type ListQuery = NonNullable<operations['listTodos']['parameters']['query']>;
export async function valid(): Promise<Todo | undefined> {
  const query: ListQuery = { completed: false, limit: 50 };
  await api.GET('/todos', { params: { query } });
  const { data } = await api.POST('/todos', { body: { title: 'Buy milk', priority: 'high' } });
  return data;
}
export async function mistakes(): Promise<void> {
  await api.GET('/todoz', {});
  await api.POST('/todos', { body: { priority: 'high' } });
  await api.POST('/todos', { body: { title: 'Buy milk', priority: 'urgent' } });
}
`;

describe('the client package', () => {
  it('is named after the project and versioned after the contract, with openapi-fetch as its one dependency', async () => {
    const manifest = JSON.parse(await readFile(join(pkg.dir, 'package.json'), 'utf8'));
    const root = JSON.parse(await readFile(join(PROJECT_ROOT, 'package.json'), 'utf8'));
    const contract = parse(await readFile(CONTRACT_PATH, 'utf8'));

    expect(pkg.name).toBe('swiftyplanner-client');
    expect(manifest).toMatchObject({
      name: pkg.name,
      version: contract.info.version,
      type: 'module',
      main: './index.js',
      engines: { node: '>=18' },
      dependencies: { 'openapi-fetch': root.dependencies['openapi-fetch'] },
    });
    expect(Object.keys(manifest.dependencies)).toEqual(['openapi-fetch']);
    expect(pkg.files).toEqual(expect.arrayContaining(['index.js', 'types/generated/openapi.d.ts']));
  });

  it.each(['bundler', 'nodenext'] as const)(
    'gives a consumer the contract types (moduleResolution %s)',
    (resolution) => {
      const errors = typeErrors(consumerCode, resolution);

      expect(errors).toEqual([
        expect.stringContaining('"/todoz"'),
        expect.stringContaining("'title' is missing"),
        expect.stringContaining('"urgent"'),
      ]);
    },
  );

  it('refuses to pack types older than the contract (npm run generate not run)', async () => {
    const contract = parse(await readFile(CONTRACT_PATH, 'utf8'));
    contract.components.schemas.Todo.properties.color = { type: 'string' };
    const edited = join(work, 'edited-openapi.yaml');
    await writeFile(edited, stringify(contract));

    await expect(buildClientPackage(join(work, 'stale'), edited)).rejects.toThrow(
      'generated/openapi.d.ts is older than openapi/openapi.yaml: run npm run generate first.',
    );
  });

  it('runs in Node with nothing of this repository but the package: token, JSON and merge-patch bodies', async () => {
    const script = join(consumer, 'run.mjs');
    await writeFile(
      script,
      `import { createSwiftyClient } from '${pkg.name}';
const seen = [];
const fetch = async (request) => {
  seen.push({ method: request.method, url: request.url, authorization: request.headers.get('authorization'),
    contentType: request.headers.get('content-type'), body: await request.text() });
  return Response.json({ id: '01JD8X3QZ7EV5GS0PMH9R2A4XT' }, { status: request.method === 'POST' ? 201 : 200 });
};
const api = createSwiftyClient({ baseUrl: 'https://api.example.com/v1', getToken: async () => 'abc', fetch });
const created = await api.POST('/todos', { body: { title: 'Buy milk' } });
await api.PATCH('/todos/{todoId}', { params: { path: { todoId: created.data.id } }, body: { notes: null } });
console.log(JSON.stringify(seen));
`,
    );

    const { stdout } = await promisify(execFile)(process.execPath, [script], { cwd: consumer });

    expect(JSON.parse(stdout)).toEqual([
      {
        method: 'POST',
        url: 'https://api.example.com/v1/todos',
        authorization: 'Bearer abc',
        contentType: 'application/json',
        body: '{"title":"Buy milk"}',
      },
      {
        method: 'PATCH',
        url: 'https://api.example.com/v1/todos/01JD8X3QZ7EV5GS0PMH9R2A4XT',
        authorization: 'Bearer abc',
        contentType: 'application/merge-patch+json',
        body: '{"notes":null}',
      },
    ]);
  });
});
