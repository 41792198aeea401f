/**
 * Dependency trouble is not a bug: DynamoDB or S3 throttling, timing out, refusing connections or
 * hanging answers 503 problem+json with Retry-After (src/aws/unavailable.ts → TableUnavailable /
 * StorageUnavailable → src/http/store-problems.ts), within the request's time budget
 * (src/http/request-budget.ts), never the 500 of a bug nor the gateway's bare 503 at 29 s.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as todos } from '../../src/functions/todos';
import { handler as users } from '../../src/functions/users';
import { documentClient } from '../../src/store/client';
import { invoke } from '../support/contract-response';
import { dynamoDbTimeout, failNextCalls, redirectNextCalls } from '../support/dependency-fault';
import { event, lambdaContext } from '../support/events';
import { newSub, todoBody } from '../support/todo-factory';
import { userCreate } from '../support/users';
import { createTodo, getTodo } from '../todos/todo-requests';

const SERVICE_UNAVAILABLE = 'https://swiftyplanner.dev/problems/service-unavailable';

/** What DynamoDB answers a request over the table's throughput, after the SDK's retries. */
const throttled = () =>
  Object.assign(new Error('The level of configured provisioned throughput for the table was exceeded.'), {
    name: 'ProvisionedThroughputExceededException',
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
  });

let silent: Server;
let silentEndpoint: URL;
let closedEndpoint: URL;
const sockets: Socket[] = [];

beforeAll(async () => {
  silent = createServer((socket) => sockets.push(socket)); // takes the request, never answers
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const { port } = silent.address() as { port: number };
  silentEndpoint = new URL(`http://127.0.0.1:${port}`);
  // A port that was free a moment ago: nothing listens there, the connection is refused.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  closedEndpoint = new URL(`http://127.0.0.1:${(probe.address() as { port: number }).port}`);
  await new Promise((resolve) => probe.close(resolve));
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => silent.close(resolve));
});

describe('DynamoDB in trouble', () => {
  it('throttling a read: 503 with Retry-After and the request id, not 500', async () => {
    // Prepare
    const sub = newSub();
    const { body: todo } = await createTodo(sub, todoBody());
    const fault = failNextCalls(documentClient, 'GetItemCommand', throttled);
    // Act
    const read = await getTodo(sub, todo.id);
    // Assess
    expect(fault.count).toBe(1);
    expect(read.status).toBe(503);
    expect(read.headers['retry-after']).toBe('5');
    expect(read.body).toMatchObject({ type: SERVICE_UNAVAILABLE, status: 503 });
    expect(typeof read.body.requestId).toBe('string');
    expect(read.body.detail).not.toMatch(/may or may not have been made/);
  });

  it('timing out on a write: 503 that says the change may have been made', async () => {
    const fault = failNextCalls(documentClient, 'PutItemCommand', dynamoDbTimeout);

    const created = await createTodo(newSub(), todoBody());

    expect(fault.count).toBe(1);
    expect(created.status).toBe(503);
    expect(created.headers['retry-after']).toBe('5');
    expect(created.body.detail).toMatch(/may or may not have been made/);
  });

  it('refusing connections: 503 once the SDK has tried 3 times', async () => {
    const sub = newSub();
    const redirect = redirectNextCalls(documentClient, 'TransactWriteItemsCommand', closedEndpoint);

    const created = await invoke(users, event('POST /users', { sub, body: userCreate() }));

    expect(redirect.count).toBe(1);
    expect(created.status).toBe(503);
    expect((await invoke(users, event('GET /users/me', { sub }))).status).toBe(404);
  });

  it('hanging: the answer is a 503 before the Lambda runs out of time, not a call held for 15 s', async () => {
    const sub = newSub();
    const { body: todo } = await createTodo(sub, todoBody());
    const redirect = redirectNextCalls(documentClient, 'GetItemCommand', silentEndpoint);
    const remainingMs = 3_000;
    const started = Date.now();

    const read = await invoke(
      todos,
      event('GET /todos/{todoId}', { sub, path: { todoId: todo.id } }),
      lambdaContext({ remainingMs }),
    );

    expect(redirect.count).toBe(1);
    expect(read.status).toBe(503);
    // Answered by the function itself, inside its Lambda's time (a stalled call alone takes 5 s).
    expect(Date.now() - started).toBeLessThan(remainingMs);
  });
});
