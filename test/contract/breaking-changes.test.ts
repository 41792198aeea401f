/**
 * `npm run breaking-changes`: the classification on copies of the real contract, each with one
 * change a client would or would not notice, and the command itself in a throwaway git repository.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { compareContracts } from '../../openapi/scripts/contract-changes';
import { CONTRACT_PATH, PROJECT_ROOT } from '../../paths';

// biome-ignore lint/suspicious/noExplicitAny: a contract edited freely, as a person would
type Contract = any;

const contractText = await readFile(CONTRACT_PATH, 'utf8');
/** Parsed once: a copy costs a millisecond, parsing the YAML again some fifty. */
const parsedContract: Contract = parse(contractText);
/** A fresh copy of the real contract, for an edit or for a comparison (which may change what it reads). */
const contract = (): Contract => structuredClone(parsedContract);

/** Versions relative to the contract's own, so that these tests outlive its next release. */
const CURRENT: string = parsedContract.info.version;
const [currentMajor = 0, currentMinor = 0] = CURRENT.split('.').map(Number);
const NEXT_MINOR = `${currentMajor}.${currentMinor + 1}.0`;
const NEXT_MAJOR = `${currentMajor + 1}.0.0`;

/**
 * Where the contract returns a todo, as the change lines name a field there: `POST /todos: response
 * 201 field ` for a Todo, `... field items[].` for a TodoPage. Derived, so a new operation that
 * returns a todo does not break these tests.
 */
function todoFieldPrefixes(): string[] {
  const prefixes: string[] = [];
  for (const [path, item] of Object.entries(parsedContract.paths as Record<string, Contract>))
    for (const [method, operation] of Object.entries(item as Record<string, Contract>))
      for (const [status, response] of Object.entries(
        (operation.responses ?? {}) as Record<string, Contract>,
      )) {
        const schema = response.content?.['application/json']?.schema?.$ref;
        const at = `${method.toUpperCase()} ${path}: response ${status} field `;
        if (schema === '#/components/schemas/Todo') prefixes.push(at);
        if (schema === '#/components/schemas/TodoPage') prefixes.push(`${at}items[].`);
      }
  return prefixes;
}

const sorted = (lines: string[]) => [...lines].sort();

/** The real contract with one change made by `edit`. */
function edited(edit: (contract: Contract) => void): Contract {
  const copy = contract();
  edit(copy);
  return copy;
}

function changesAfter(edit: (contract: Contract) => void) {
  const changes = compareContracts(contract(), edited(edit));
  const lines = (list: { operation: string; change: string }[]) =>
    list.map((c) => `${c.operation}: ${c.change}`);
  return {
    ...changes,
    breaking: lines(changes.breaking),
    compatible: lines(changes.compatible),
    deprecated: lines(changes.deprecated),
    unclassified: lines(changes.unclassified),
  };
}

describe('compareContracts', () => {
  it('finds nothing between the contract and itself', () => {
    const changes = changesAfter(() => undefined);

    expect(changes).toMatchObject({
      breaking: [],
      compatible: [],
      deprecated: [],
      unclassified: [],
      allowed: true,
    });
  });

  it('ignores prose and examples', () => {
    const changes = changesAfter((c) => {
      c.paths['/todos'].get.description = 'Reworded.';
      c.components.schemas.Todo.properties.title.description = 'Reworded.';
      c.components.headers.ETag.example = '"9"';
    });

    expect([...changes.breaking, ...changes.compatible, ...changes.unclassified]).toEqual([]);
  });

  it('calls a removed operation or response breaking', () => {
    const changes = changesAfter((c) => {
      delete c.paths['/todos/{todoId}'].delete;
      delete c.paths['/todos/{todoId}'].get.responses['404'];
    });

    expect(changes.breaking).toEqual([
      'DELETE /todos/{todoId}: operation removed',
      'GET /todos/{todoId}: response 404 removed',
    ]);
    expect(changes.allowed).toBe(false);
  });

  it('calls a new required request field breaking and a new optional one compatible', () => {
    const required = changesAfter((c) => {
      c.components.schemas.TodoCreate.properties.estimateMinutes = { type: 'integer' };
      c.components.schemas.TodoCreate.required.push('estimateMinutes');
    });
    const optional = changesAfter((c) => {
      c.components.schemas.TodoCreate.properties.estimateMinutes = { type: 'integer' };
    });

    expect(required.breaking).toContain('POST /todos: request body field estimateMinutes now required');
    expect(optional.breaking).toEqual([]);
    expect(optional.compatible).toEqual(['POST /todos: request body field estimateMinutes added']);
  });

  it('calls a removed response field breaking in every operation that returns it, optional or not', () => {
    const removed = (field: string) =>
      changesAfter((c) => {
        const todo = c.components.schemas.Todo;
        delete todo.properties[field];
        todo.required = todo.required.filter((name: string) => name !== field);
      });
    const inResponses = (field: string) => sorted(todoFieldPrefixes().map((at) => `${at}${field} removed`));

    expect(todoFieldPrefixes()).toContain('GET /todos: response 200 field items[].');
    // A generated client no longer compiles where it reads an optional field that is gone.
    expect(sorted(removed('notes').breaking)).toEqual(inResponses('notes'));
    // A required one: one line each, not also "no longer required".
    expect(sorted(removed('dueDate').breaking)).toEqual(inResponses('dueDate'));
  });

  it('calls a removed request field and a response field that may now be null breaking', () => {
    const changes = changesAfter((c) => {
      delete c.components.schemas.TodoCreate.properties.notes;
      c.components.schemas.Todo.properties.title.nullable = true;
    });

    expect(sorted(changes.breaking)).toEqual(
      sorted([
        'POST /todos: request body field notes removed',
        ...todoFieldPrefixes().map((at) => `${at}title may now be null`),
      ]),
    );
  });

  it('calls a new enum value breaking for responses and compatible for requests', () => {
    const changes = changesAfter((c) => c.components.schemas.Priority.enum.push('urgent'));

    expect(changes.breaking).toContain(
      'GET /todos/{todoId}: response 200 field priority: value "urgent" added',
    );
    expect(changes.compatible).toContain('POST /todos: request body field priority: value "urgent" added');
  });

  it('names parameters: a tighter limit and a new required one are breaking, a new optional one is not', () => {
    const changes = changesAfter((c) => {
      c.components.parameters.Limit.schema.maximum = 10;
      c.paths['/todos'].get.parameters.push(
        { name: 'sort', in: 'query', schema: { type: 'string' } },
        { name: 'owner', in: 'query', required: true, schema: { type: 'string' } },
      );
    });

    expect(changes.breaking).toEqual([
      'GET /todos: query parameter limit: maximum 100 → 10',
      'GET /todos: query parameter owner added (required)',
    ]);
    expect(changes.compatible).toEqual(['GET /todos: query parameter sort added']);
  });

  it('reports a deprecation as such, asking a new minor version like any compatible change', () => {
    const changes = changesAfter((c) => {
      c.paths['/todos'].get.deprecated = true;
    });

    expect(changes.deprecated).toEqual(['GET /todos: deprecated']);
    expect(changes.breaking).toEqual([]);
    expect(changes.versionNeeded).toBe(NEXT_MINOR);
  });

  it('judges error responses written as $ref by response rules', () => {
    // A 401's body promised `message`; a response that may omit it breaks its readers...
    const weaker = changesAfter((c) => {
      c.components.schemas.GatewayError.required = [];
    });
    // ...and one that promises more breaks nobody.
    const stronger = changesAfter((c) => {
      c.components.schemas.Problem.required.push('detail');
    });

    expect(weaker.breaking).toContain('GET /users/me: response 401 field message no longer required');
    expect(stronger.breaking).toEqual([]);
    expect(stronger.compatible).toContain('GET /todos/{todoId}: response 404 field detail now required');
  });

  it('calls breaking what a generated client no longer compiles against', () => {
    const changes = changesAfter((c) => {
      c.components.schemas.Todo.properties.completed.type = 'string';
      c.paths['/todos/{id}'] = c.paths['/todos/{todoId}'];
      delete c.paths['/todos/{todoId}'];
      c.paths['/todos'].get.operationId = 'listMyTodos';
      c.paths['/todos'].post.responses['202'] = {
        description: 'Accepted for later.',
        content: {
          'application/json': { schema: { type: 'object', properties: { jobId: { type: 'string' } } } },
        },
      };
      delete c.components.schemas.TodoPatch.properties.notes.nullable;
    });

    expect(changes.breaking).toEqual(
      expect.arrayContaining([
        'POST /todos: response 201 field completed: type boolean → string',
        '/todos/{todoId}: path renamed to /todos/{id}',
        'GET /todos: operationId listTodos → listMyTodos',
        'POST /todos: response 202 added',
      ]),
    );
    expect(
      changesAfter((c) => delete c.components.schemas.TodoPatch.properties.notes.nullable).breaking,
    ).toEqual(['PATCH /todos/{todoId}: request body field notes no longer null']);
  });

  it('calls a changed security scheme breaking, and leaves a route made public to a person', () => {
    const scheme = changesAfter((c) => {
      c.components.securitySchemes.cognitoJwt = { type: 'apiKey', in: 'header', name: 'X-Api-Key' };
    });
    const publicRoute = changesAfter((c) => {
      delete c.paths['/todos'].get.security;
    });

    expect(scheme.breaking).toEqual(['security scheme cognitoJwt: changed']);
    expect(publicRoute.breaking).toEqual([]);
    expect(publicRoute.unclassified).toEqual(['GET /todos: security requirements removed']);
  });

  it("calls a route's first scope breaking (tokens without it are refused), and other scope changes a person's call", () => {
    const withoutScope = edited((c) => {
      c.paths['/todos'].get.security = [{ cognitoJwt: [] }];
    });
    const firstScope = compareContracts(withoutScope, contract());
    const anotherScope = changesAfter((c) => {
      c.paths['/todos'].get.security[0].cognitoJwt.push('swiftyplanner/admin');
    });

    expect(firstScope.breaking).toEqual([{ operation: 'GET /todos', change: 'security requirements added' }]);
    expect(anotherScope.breaking).toEqual([]);
    expect(anotherScope.unclassified).toEqual(['GET /todos: security requirements added']);
  });

  it('sees the same client in http bearer, oauth2 and openIdConnect schemes, but not in another issuer', () => {
    const scheme = (c: Contract) => c.components.securitySchemes.cognitoJwt;
    const asHttpBearer = changesAfter((c) => {
      const { flows: _flows, ...rest } = scheme(c);
      c.components.securitySchemes.cognitoJwt = {
        ...rest,
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
      };
    });
    const otherIssuer = changesAfter((c) => {
      scheme(c)['x-amazon-apigateway-authorizer'].jwtConfiguration.issuer = 'https://issuer.example.com';
    });

    expect([...asHttpBearer.breaking, ...asHttpBearer.unclassified]).toEqual([]);
    expect(otherIssuer.breaking).toEqual(['security scheme cognitoJwt: changed']);
  });

  it('asks a new major for breaking changes, a new minor for compatible ones, and no step back', () => {
    const removal = (version: string) => (c: Contract) => {
      delete c.paths['/todos/{todoId}'].delete;
      c.info.version = version;
    };
    const addition = (version: string) => (c: Contract) => {
      c.components.schemas.TodoCreate.properties.estimateMinutes = { type: 'integer' };
      c.info.version = version;
    };

    expect(changesAfter(removal(NEXT_MAJOR))).toMatchObject({ versionNeeded: NEXT_MAJOR, allowed: true });
    expect(changesAfter(removal(NEXT_MINOR))).toMatchObject({ versionNeeded: NEXT_MAJOR, allowed: false });
    expect(changesAfter(addition(CURRENT))).toMatchObject({ versionNeeded: NEXT_MINOR, allowed: false });
    expect(changesAfter(addition(NEXT_MINOR))).toMatchObject({ versionNeeded: NEXT_MINOR, allowed: true });
    expect(changesAfter((c) => (c.info.version = '0.9.0'))).toMatchObject({ allowed: false });
  });
});

describe('npm run breaking-changes', () => {
  let repository: string;
  const git = (...args: string[]) =>
    promisify(execFile)('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {
      cwd: repository,
    });
  const writeContract = async (contract: Contract) => {
    await mkdir(join(repository, 'openapi'), { recursive: true });
    await writeFile(join(repository, 'openapi/openapi.yaml'), stringify(contract));
  };
  const script = join(PROJECT_ROOT, 'openapi/scripts/breaking-changes.ts');
  /** The script bundled into one file (see beforeAll). */
  let bundled: string;
  const node = async (directory: string, nodeArgs: string[]) => {
    try {
      const { stdout, stderr } = await promisify(execFile)(process.execPath, nodeArgs, { cwd: directory });
      return { code: 0, output: stdout + stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, output: failed.stdout + failed.stderr };
    }
  };
  /** The command as npm runs it (tsx compiling the script), in the test repository. */
  const runAsNpmDoes = (...args: string[]) =>
    node(repository, ['--import', import.meta.resolve('tsx'), script, ...args]);
  /**
   * The same script, bundled, in the work tree of a clone (the test repository unless said): tsx
   * compiling it at each start was a third of each run's CPU time, and most of the quick runs'.
   */
  const runIn = (directory: string, ...args: string[]) => node(directory, [bundled, ...args]);
  const run = (...args: string[]) => runIn(repository, ...args);

  beforeAll(async () => {
    repository = await mkdtemp(join(tmpdir(), 'breaking-changes-'));
    bundled = join(await mkdtemp(join(tmpdir(), 'breaking-changes-script-')), 'breaking-changes.mjs');
    await build({
      entryPoints: [script],
      outfile: bundled,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      // yaml's CommonJS requires built-ins; an ES module has no `require` of its own.
      banner: {
        js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
      },
      logLevel: 'warning',
    });
    await git('init', '--quiet', '--initial-branch=main');
    await writeFile(join(repository, 'README.md'), 'before the contract\n');
    await git('add', '.');
    await git('commit', '--quiet', '-m', 'no contract yet');
    await git('tag', 'before-contract');
    await writeContract(contract());
    await git('add', '.');
    await git('commit', '--quiet', '-m', 'the contract');
    await git('checkout', '--quiet', '-b', 'feature');
  }, 30_000);

  afterAll(async () => {
    await rm(repository, { recursive: true, force: true });
    await rm(dirname(bundled), { recursive: true, force: true });
    await rm(`${repository}-shallow`, { recursive: true, force: true });
    await rm(`${repository}-clone`, { recursive: true, force: true });
  });

  it('fails on a breaking change since the branch left main, naming it and the fix', async () => {
    await writeContract(edited((c) => delete c.paths['/todos/{todoId}'].delete));

    const { code, output } = await runAsNpmDoes();

    expect(code).toBe(1);
    expect(output).toContain('against main (merge base');
    expect(output).toContain('✗ DELETE /todos/{todoId}: operation removed');
    expect(output).toContain(`set info.version to ${NEXT_MAJOR} in openapi/openapi.yaml`);
  });

  it('passes the same change under a new major version, and a compatible change under a new minor', async () => {
    await writeContract(
      edited((c) => {
        delete c.paths['/todos/{todoId}'].delete;
        c.info.version = NEXT_MAJOR;
      }),
    );
    const major = await run();
    const addition = (version: string) =>
      edited((c) => {
        c.components.schemas.TodoCreate.properties.estimateMinutes = { type: 'integer' };
        c.info.version = version;
      });
    await writeContract(addition(CURRENT));
    const sameVersion = await run();
    await writeContract(addition(NEXT_MINOR));
    const minor = await run();

    expect(major.code).toBe(0);
    expect(major.output).toContain(`Breaking changes under a new major version (${NEXT_MAJOR}): allowed`);
    expect(sameVersion.code).toBe(1);
    expect(sameVersion.output).toContain('+ POST /todos: request body field estimateMinutes added');
    expect(sameVersion.output).toContain(`set info.version to ${NEXT_MINOR}`);
    expect(minor.code).toBe(0);
    expect(minor.output).toContain(`No breaking changes; ${NEXT_MINOR} is a new version for them.`);
  });

  it('compares with a ref or a file when asked', async () => {
    await writeContract(edited((c) => delete c.paths['/todos/{todoId}'].delete));
    const baseFile = join(repository, 'released.yaml');
    await writeFile(baseFile, contractText);

    const fromFile = await run('--base-file', baseFile);
    const fromTagWithoutContract = await run('--base', 'before-contract');

    expect(fromFile.code).toBe(1);
    expect(fromFile.output).toContain(`against ${baseFile}`);
    expect(fromTagWithoutContract.code).toBe(0);
    expect(fromTagWithoutContract.output).toContain('did not exist at before-contract');
  });

  it('on main itself, compares with what origin/main has: a change committed but not pushed counts', async () => {
    const clone = `${repository}-clone`;
    await promisify(execFile)('git', ['clone', '--quiet', '--branch=main', `file://${repository}`, clone]);
    await writeFile(
      join(clone, 'openapi/openapi.yaml'),
      stringify(edited((c) => delete c.paths['/todos'].post)),
    );
    await promisify(execFile)(
      'git',
      ['-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '--quiet', '-am', 'drop POST /todos'],
      {
        cwd: clone,
      },
    );

    const { code, output } = await runIn(clone);

    expect(code).toBe(1);
    expect(output).toContain('against origin/main (merge base');
    expect(output).toContain('✗ POST /todos: operation removed');
  });

  it('says why a shallow clone has no base, and what to fetch (exit 2)', async () => {
    await git('commit', '--quiet', '--allow-empty', '-m', 'work on the branch');
    const shallow = `${repository}-shallow`;
    await promisify(execFile)('git', [
      'clone',
      '--quiet',
      '--depth=1',
      '--no-single-branch',
      '--branch=feature',
      `file://${repository}`,
      shallow,
    ]);

    const { code, output } = await runIn(shallow);

    expect(code).toBe(2);
    expect(output).toContain('This clone is shallow');
    expect(output).toContain('git fetch --unshallow');
  });

  it('says how to get a base it cannot find (exit 2)', async () => {
    const { code, output } = await run('--base', 'origin/release');

    expect(code).toBe(2);
    expect(output).toContain('No git ref "origin/release"');
    expect(output).toContain('git fetch origin release');
  });
});
