/**
 * npm start's contract watch, on a copy of the contract and a scratch generated/ (the repository's
 * stay untouched), in front of the real gateway: a saved contract is served from the next request on,
 * and one that does not load changes nothing.
 */
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { type ContractWatch, watchContract } from '../../local/stack/contract-watch';
import { CONTRACT_PATH } from '../../paths';
import { type GatewayFixture, startGatewayFixture } from './support/gateway-fixture';

const TODO_ID = '01JD8X3QZ7EV5GS0PMH9R2A4XT';

describe('the contract watch of npm start', () => {
  let dir: string;
  let contractPath: string;
  let gateway: GatewayFixture;
  let watch: ContractWatch;
  const messages: string[] = [];
  let nextMessage: () => void = () => {};
  /** Resolves once the watch has said `count` things: it reports every reload, good or bad. */
  const saidSoFar = async (count: number) => {
    while (messages.length < count)
      await new Promise<void>((resolve) => {
        nextMessage = resolve;
      });
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'swiftyplanner-contract-watch-'));
    contractPath = join(dir, 'openapi.yaml');
    await copyFile(CONTRACT_PATH, contractPath);
    gateway = await startGatewayFixture();
    messages.length = 0;
    watch = watchContract({
      contractPath,
      generatedDir: join(dir, 'generated'),
      values: gateway.values,
      gateway,
      onReload: (message) => {
        messages.push(message);
        nextMessage();
      },
      debounceMs: 50,
    });
  });

  afterEach(async () => {
    watch.close();
    await gateway.close();
    await rm(dir, { recursive: true, force: true });
  });

  const duplicate = async () =>
    fetch(`${gateway.url}/todos/${TODO_ID}/duplicate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await gateway.token()}` },
    });

  /** Saves the copy with a new operation, as a developer adding one would. */
  async function addDuplicateOperation(): Promise<void> {
    const contract = parse(await readFile(contractPath, 'utf8'));
    contract.paths['/todos/{todoId}/duplicate'] = {
      parameters: [{ $ref: '#/components/parameters/TodoId' }],
      post: {
        operationId: 'duplicateTodo',
        summary: 'Copy a todo',
        tags: ['todos'],
        security: [{ cognitoJwt: [] }],
        'x-amazon-apigateway-integration': {
          $ref: '#/components/x-amazon-apigateway-integrations/todosFunction',
        },
        responses: { '201': { description: 'The copy.' } },
      },
    };
    await writeFile(contractPath, stringify(contract));
  }

  it('serves a saved operation from the next request on, and regenerates its validators', async () => {
    const before = await duplicate();

    await addDuplicateOperation();
    await saidSoFar(1);
    await watch.settled();
    const after = await duplicate();

    expect(before.status).toBe(404);
    expect(messages[0]).toMatch(/^Contract reloaded: \d+ routes; regenerated .*validators\/todos\.js/);
    expect(after.status).toBe(200);
    expect(await after.json()).toEqual({ routeKey: 'POST /todos/{todoId}/duplicate' });
    expect(await readFile(join(dir, 'generated', 'validators', 'todos.js'), 'utf8')).toContain(
      '"POST /todos/{todoId}/duplicate": { operationId: "duplicateTodo"',
    );
  });

  it('keeps serving the previous contract when the saved one does not load, and says why', async () => {
    await addDuplicateOperation();
    await saidSoFar(1);
    await watch.settled();

    await writeFile(contractPath, 'openapi: 3.0.3\npaths: [\n');
    await saidSoFar(2);
    await watch.settled();

    expect(messages[1]).toMatch(/^The contract did not load, so the previous one is still served: /);
    expect((await duplicate()).status).toBe(200);
  });
});
