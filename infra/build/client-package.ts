/**
 * The typed client as an npm package a frontend in another repository installs: src/client bundled
 * to one ES module (openapi-fetch stays a dependency: an app on the same openapi-fetch minor shares
 * one copy), its declarations with the generated contract types, and a package.json whose version is
 * the contract's `info.version`. `npm run breaking-changes` holds that version to semver (a new major
 * for breaking changes, a new minor for additions), so a range like `^1.2.0` never takes a client the
 * frontend's code does not compile against.
 */
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { build } from 'esbuild';
import ts from 'typescript';
import { loadContract } from '../../openapi/scripts/contract/load-contract';
import { renderTypes } from '../../openapi/scripts/render-types';
import { CONTRACT_PATH, PROJECT_ROOT } from '../../paths';

export interface ClientPackage {
  dir: string;
  name: string;
  version: string;
  /** Relative to `dir`, sorted. */
  files: string[];
}

const ENTRY = 'src/client/index.ts';
/** The contract types the client's declarations import (`../../generated/openapi`). */
const CONTRACT_TYPES = 'generated/openapi.d.ts';

export async function buildClientPackage(
  dir = join(PROJECT_ROOT, 'dist', 'client'),
  contractPath = CONTRACT_PATH,
): Promise<ClientPackage> {
  const root = JSON.parse(await readFile(join(PROJECT_ROOT, 'package.json'), 'utf8'));
  const contract = await loadContract(contractPath);
  const name = `${root.name}-client`;
  const version = contract.info.version;
  // The package ships generated/openapi.d.ts: it must be the contract's, not an older one.
  const committed = await readFile(join(PROJECT_ROOT, CONTRACT_TYPES), 'utf8');
  if (committed !== (await renderTypes(contract)))
    throw new Error(`${CONTRACT_TYPES} is older than openapi/openapi.yaml: run npm run generate first.`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });

  await build({
    absWorkingDir: PROJECT_ROOT,
    entryPoints: [ENTRY],
    outfile: join(dir, 'index.js'),
    bundle: true,
    format: 'esm',
    // Browsers, Node and workers: src/client imports no built-in (test/client/browser-safe.test.ts).
    platform: 'neutral',
    target: 'es2022',
    external: ['openapi-fetch'],
    // Readable: the frontend's own bundler minifies.
    sourcemap: 'linked',
    logLevel: 'silent',
  });
  const declarations = emitDeclarations(join(dir, 'types'));
  await mkdir(join(dir, 'types', 'generated'), { recursive: true });
  await copyFile(join(PROJECT_ROOT, CONTRACT_TYPES), join(dir, 'types', CONTRACT_TYPES));
  for (const [path, text] of declarations) {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
  }

  const types = `./types/${ENTRY.replace(/\.ts$/, '.d.ts')}`;
  const manifest = {
    name,
    version,
    description: `Typed fetch client for ${contract.info.title} ${version}, generated from its OpenAPI contract.`,
    license: contract.info.license?.name ?? 'UNLICENSED',
    type: 'module',
    sideEffects: false,
    // For tools from before `exports`; Node 18 is the first with fetch, Request and Headers built in.
    main: './index.js',
    types,
    exports: { '.': { types, default: './index.js' } },
    engines: { node: '>=18' },
    dependencies: { 'openapi-fetch': root.dependencies['openapi-fetch'] },
  };
  await writeFile(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await writeFile(join(dir, 'README.md'), packageReadme(name, version, contract.info.title));

  const files = [
    'README.md',
    'index.js',
    'index.js.map',
    'package.json',
    ...[...declarations.keys(), join(dir, 'types', CONTRACT_TYPES)].map((path) => relative(dir, path)),
  ].sort();
  return { dir, name, version, files };
}

/**
 * src/client's declarations, from the TypeScript compiler, with `.js` on relative imports so that
 * consumers resolve them under `moduleResolution: nodenext` as well as `bundler`.
 */
function emitDeclarations(outDir: string): Map<string, string> {
  const program = ts.createProgram([join(PROJECT_ROOT, ENTRY)], {
    declaration: true,
    emitDeclarationOnly: true,
    rootDir: PROJECT_ROOT,
    outDir,
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
    types: [],
    skipLibCheck: true,
  });
  const files = new Map<string, string>();
  const result = program.emit(undefined, (path, text) => {
    files.set(path, text.replace(/(from\s+|import\()(['"])(\.{1,2}\/[^'"]+?)(?<!\.js)\2/g, '$1$2$3.js$2'));
  });
  const problems = [...ts.getPreEmitDiagnostics(program), ...result.diagnostics];
  if (problems.length > 0) {
    throw new Error(
      `The client's declarations do not compile:\n${ts.formatDiagnostics(problems, {
        getCanonicalFileName: (f) => f,
        getCurrentDirectory: () => PROJECT_ROOT,
        getNewLine: () => '\n',
      })}`,
    );
  }
  return files;
}

function packageReadme(name: string, version: string, title: string): string {
  return `# ${name} ${version}

The typed client for ${title} ${version}: [openapi-fetch](https://openapi-ts.dev/openapi-fetch/) over
types generated from the API's OpenAPI contract. Paths, parameters, bodies and responses are checked
at compile time. The version is the contract's: a new minor adds to the API, a new major breaks it.

\`\`\`ts
import { createSwiftyClient, type Todo } from '${name}';

// \`token\` for a fixed token, or \`getToken\` to fetch a fresh one per request (from your sign-in code).
const api = createSwiftyClient({ baseUrl: 'https://api.example.com/v1', getToken: async () => myIdToken() });
const { data, error } = await api.GET('/todos', { params: { query: { completed: false, limit: 50 } } });
const todos: Todo[] = data?.items ?? [];
\`\`\`

- \`error\` is an RFC 9457 problem (\`Problem\`), or API Gateway's \`{ message }\` (\`GatewayError\`) for 401 and 429.
- PATCH bodies go out as \`application/merge-patch+json\`: \`null\` removes a field.
- Changes carry an \`ETag\`; send it back as \`If-Match\` on PATCH and DELETE, and a stale one answers 412.
- \`fetch\` (option) replaces \`globalThis.fetch\`, for retries or tests.
- The contract types are exported too: \`paths\`, \`components\`, \`operations\`.
- A browser app's origin must be in the deployed stack's allowed origins (\`npm run deploy -- --allowed-origins\`).
- openapi-fetch is a dependency; an app that uses it too shares one copy when both are on the same minor.

Generated by \`npm run build:client\`; do not edit.
`;
}
