/**
 * Bytes that are not UTF-8 get the same answer from every operation that takes a body: 400
 * malformed-json, nothing stored. The events carry the body as API Gateway hands it over (payload
 * 2.0, mirrored by the local gateway's `isTextBody`): a text type (application/json) as a string,
 * decoded before the function runs so that an invalid byte arrives as U+FFFD; any other type
 * (application/merge-patch+json) base64-encoded, the bytes as sent.
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { isTextBody } from '../../local/gateway/payload-event';
import { handler as todos } from '../../src/functions/todos';
import { handler as users } from '../../src/functions/users';
import { type ContractResponse, invoke } from '../support/contract-response';
import { event } from '../support/events';
import { newSub, userCreate } from '../support/users';

const MALFORMED = 'https://swiftyplanner.dev/problems/malformed-json';

/** A valid body of the operation, but `member` is `caf<0xE9>`: Latin-1, not UTF-8. */
function latin1(valid: Record<string, unknown>, member: string): Buffer {
  const [before = '', after = ''] = JSON.stringify({ ...valid, [member]: 'caf@@' }).split('@@');
  return Buffer.concat([Buffer.from(before), Buffer.from([0xe9]), Buffer.from(after)]);
}

/** The event the gateway would build for these bytes on this route. */
function withBytes(
  base: APIGatewayProxyEventV2WithJWTAuthorizer,
  bytes: Buffer,
): APIGatewayProxyEventV2WithJWTAuthorizer {
  const text = isTextBody(base.headers['content-type']);
  return { ...base, body: bytes.toString(text ? 'utf8' : 'base64'), isBase64Encoded: !text };
}

async function setUp() {
  const sub = newSub();
  const profile = await invoke(users, event('POST /users', { sub, body: userCreate() }));
  const todo = await invoke(todos, event('POST /todos', { sub, body: { title: 'tea' } }));
  expect([profile.status, todo.status]).toEqual([201, 201]);
  return { sub, todoId: todo.body.id as string };
}

/**
 * Every operation with a body: a valid body (save for the member that gets the Latin-1 byte), and a
 * read of what the operation would change.
 */
function operations(sub: string, todoId: string) {
  const read =
    (
      fn: Parameters<typeof invoke>[0],
      routeKey: string,
      options: { sub: string; path?: Record<string, string> },
    ) =>
    () =>
      invoke(fn, event(routeKey, options)).then((res) => ({ status: res.status, body: res.body }));
  const path = { todoId };
  const newcomer = newSub();
  return [
    {
      name: 'POST /users',
      base: event('POST /users', { sub: newcomer, body: {} }),
      fn: users,
      bytes: latin1({ ...userCreate() }, 'firstName'),
      read: read(users, 'GET /users/me', { sub: newcomer }),
    },
    {
      name: 'PATCH /users/me',
      base: event('PATCH /users/me', { sub, body: {} }),
      fn: users,
      bytes: latin1({}, 'firstName'),
      read: read(users, 'GET /users/me', { sub }),
    },
    {
      name: 'POST /todos',
      base: event('POST /todos', { sub, body: {} }),
      fn: todos,
      bytes: latin1({}, 'title'),
      read: read(todos, 'GET /todos', { sub }),
    },
    {
      name: 'PATCH /todos/{todoId}',
      base: event('PATCH /todos/{todoId}', { sub, path, body: {} }),
      fn: todos,
      bytes: latin1({}, 'title'),
      read: read(todos, 'GET /todos/{todoId}', { sub, path }),
    },
    {
      name: 'POST /todos/{todoId}/attachments',
      base: event('POST /todos/{todoId}/attachments', { sub, path, body: {} }),
      fn: todos,
      bytes: latin1({ contentType: 'text/plain', size: 11 }, 'fileName'),
      read: read(todos, 'GET /todos/{todoId}/attachments', { sub, path }),
    },
  ];
}

function expectNotUtf8(res: ContractResponse): void {
  expect(res.status).toBe(400);
  expect(res.body.type).toBe(MALFORMED);
  expect(res.body.detail).toMatch(/not UTF-8 text.*\\ufffd/);
}

describe('a body that is not UTF-8', () => {
  it('is answered 400 malformed-json by every operation, text or base64, and changes nothing', async () => {
    const { sub, todoId } = await setUp();
    for (const operation of operations(sub, todoId)) {
      const before = await operation.read();

      const res = await invoke(operation.fn, withBytes(operation.base, operation.bytes));

      expect({ operation: operation.name, type: res.body.type }).toEqual({
        operation: operation.name,
        type: MALFORMED,
      });
      expectNotUtf8(res);
      expect(await operation.read(), operation.name).toEqual(before);
    }
  });

  it('is told apart from a U+FFFD the client means only when that is escaped', async () => {
    const { sub } = await setUp();
    const send = (text: string) =>
      invoke(todos, withBytes(event('POST /todos', { sub, body: {} }), Buffer.from(text, 'utf8')));

    // The character itself, valid UTF-8 (EF BF BD): what an invalid byte also turns into.
    const raw = await send('{"title":"caf\ufffd"}');
    const escaped = await send('{"title":"caf\\ufffd"}');

    expectNotUtf8(raw);
    expect(escaped.status).toBe(201);
    expect(escaped.body.title).toBe('caf\ufffd');
  });
});
