/**
 * What the contract promises at compile time: a call the contract does not allow is a type error, and
 * what comes back is typed from the contract. Checked by `vitest` (typecheck) and `tsc`.
 */
import { describe, expectTypeOf, it } from 'vitest';
import {
  type AttachmentDownload,
  type AttachmentUpload,
  createSwiftyClient,
  type GatewayError,
  type Problem,
  type Todo,
  type TodoPage,
  type User,
} from '../../src/client';

const client = createSwiftyClient({ baseUrl: 'http://127.0.0.1:4010', token: 'token' });
const todoId = '01JD8X3QZ7EV5GS0PMH9R2A4XT';
const attachmentId = '01JD8X5B2M4N6P8Q0R2S4T6V8W';

describe('createSwiftyClient options', () => {
  it('takes a token or a token provider, not both', () => {
    createSwiftyClient({ baseUrl: 'http://x', getToken: async () => 'token' });
    createSwiftyClient({ baseUrl: 'http://x', getToken: () => undefined });
    createSwiftyClient({ baseUrl: 'http://x' });
    // @ts-expect-error: token and getToken together
    createSwiftyClient({ baseUrl: 'http://x', token: 'a', getToken: () => 'b' });
    // @ts-expect-error: a token is a string
    createSwiftyClient({ baseUrl: 'http://x', token: 42 });
    // @ts-expect-error: baseUrl is required
    createSwiftyClient({ token: 'a' });
  });
});

describe('requests the contract does not allow', () => {
  it('rejects an unknown path or a method the path does not have', () => {
    // @ts-expect-error: no such path
    client.GET('/todo');
    // @ts-expect-error: no such path
    client.POST('/users/me');
    // @ts-expect-error: /health has no DELETE
    client.DELETE('/health');
  });

  it('rejects a missing path parameter', () => {
    // @ts-expect-error: todoId is required
    client.GET('/todos/{todoId}');
    // @ts-expect-error: todoId is required
    client.GET('/todos/{todoId}', { params: { path: {} } });
    // @ts-expect-error: attachmentId is required too
    client.GET('/todos/{todoId}/attachments/{attachmentId}', { params: { path: { todoId } } });
  });

  it('rejects a wrong body', () => {
    // @ts-expect-error: a todo needs a title
    client.POST('/todos', { body: {} });
    // @ts-expect-error: title is a string
    client.POST('/todos', { body: { title: 7 } });
    // @ts-expect-error: priority is low, normal or high
    client.POST('/todos', { body: { title: 'x', priority: 'urgent' } });
    // @ts-expect-error: the body is required
    client.POST('/users');
    client.POST('/todos/{todoId}/attachments', {
      params: { path: { todoId } },
      // @ts-expect-error: only the allow-listed content types
      body: { fileName: 'a.svg', contentType: 'image/svg+xml', size: 10 },
    });
    client.PATCH('/users/me', {
      // @ts-expect-error: username cannot be removed (only phoneNumber and bio take null)
      body: { username: null },
    });
  });

  it('rejects query parameters of the wrong type', () => {
    // @ts-expect-error: limit is a number
    client.GET('/todos', { params: { query: { limit: 'ten' } } });
  });

  it('accepts the bodies and parameters the contract allows', () => {
    client.POST('/todos', { body: { title: 'Buy milk' } });
    client.POST('/todos', {
      body: { title: 'Buy milk', tags: ['shopping'], dueDate: null, priority: 'high' },
    });
    client.PATCH('/users/me', { body: { bio: null, phoneNumber: null } });
    client.GET('/todos', { params: { query: { limit: 10, completed: true, cursor: 'abc', tag: 'home' } } });
  });
});

describe('responses', () => {
  it('types success data from the contract', async () => {
    expectTypeOf((await client.GET('/todos/{todoId}', { params: { path: { todoId } } })).data).toEqualTypeOf<
      Todo | undefined
    >();
    expectTypeOf((await client.GET('/todos')).data).toEqualTypeOf<TodoPage | undefined>();
    expectTypeOf((await client.GET('/users/me')).data).toEqualTypeOf<User | undefined>();
    expectTypeOf(
      (
        await client.POST('/todos/{todoId}/attachments', {
          params: { path: { todoId } },
          body: { fileName: 'receipt.pdf', contentType: 'application/pdf', size: 1 },
        })
      ).data,
    ).toEqualTypeOf<AttachmentUpload | undefined>();
    expectTypeOf(
      (
        await client.GET('/todos/{todoId}/attachments/{attachmentId}', {
          params: { path: { todoId, attachmentId } },
        })
      ).data,
    ).toEqualTypeOf<AttachmentDownload | undefined>();
  });

  it('types error bodies as Problem, or GatewayError for what API Gateway answers itself', async () => {
    const { data, error } = await client.GET('/todos/{todoId}', { params: { path: { todoId } } });
    expectTypeOf(error).toEqualTypeOf<Problem | GatewayError | undefined>();
    if (error) {
      expectTypeOf(data).toEqualTypeOf<undefined>();
      if ('type' in error) expectTypeOf(error).toEqualTypeOf<Problem>();
    } else {
      expectTypeOf(data).toEqualTypeOf<Todo>();
    }
  });

  it('gives no data for 204', async () => {
    const { data } = await client.DELETE('/todos/{todoId}', { params: { path: { todoId } } });
    expectTypeOf(data).toEqualTypeOf<undefined>();
  });

  it('gives the health check its own shape', async () => {
    const { data } = await client.GET('/health');
    expectTypeOf(data).toEqualTypeOf<{ status: 'ok'; version: string } | undefined>();
  });
});
