/**
 * The typed client against Prism mocking openapi/openapi.yaml (`npm run mock`): what a frontend team
 * gets before the backend exists. Prism validates every request against the contract (security,
 * parameters, body) and answers the contract's examples, so a 2xx here means the client sent a request
 * the contract accepts and got back what the contract documents.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContract } from '../../openapi/scripts/contract/load-contract';
import { deref, type OpenApiDocument } from '../../openapi/scripts/contract/openapi-document';
import { routesOf } from '../../openapi/scripts/contract/routes';
import { CONTRACT_PATH } from '../../paths';
import { createSwiftyClient, type OperationId, type SwiftyClient } from '../../src/client';
import { type PrismMock, startPrismMock } from './prism-server';

const todoId = '01JD8X3QZ7EV5GS0PMH9R2A4XT';
const attachmentId = '01JD8X5B2M4N6P8Q0R2S4T6V8W';
const path = { todoId };

type Call = (client: SwiftyClient) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

/** One valid call per operation; the type makes leaving an operation out a compile error. */
const calls: Record<OperationId, Call> = {
  getHealth: (c) => c.GET('/health'),
  createUser: (c) =>
    c.POST('/users', {
      body: { username: 'ada', firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' },
    }),
  getMyUser: (c) => c.GET('/users/me'),
  updateMyUser: (c) =>
    c.PATCH('/users/me', {
      params: { header: { 'If-Match': '"1"' } },
      body: { bio: 'Wrote notes.', phoneNumber: null },
    }),
  deleteMyUser: (c) => c.DELETE('/users/me'),
  getMyErasure: (c) => c.GET('/users/me/erasure'),
  createTodo: (c) =>
    c.POST('/todos', {
      params: { header: { 'Idempotency-Key': 'retry-safe-0001' } },
      body: { title: 'Buy milk', tags: ['shopping'], dueDate: '2026-12-01' },
    }),
  listTodos: (c) => c.GET('/todos', { params: { query: { limit: 10, completed: false, tag: 'shopping' } } }),
  getTodo: (c) => c.GET('/todos/{todoId}', { params: { path } }),
  updateTodo: (c) =>
    c.PATCH('/todos/{todoId}', {
      params: { path, header: { 'If-Match': '"1"' } },
      body: { completed: true },
    }),
  deleteTodo: (c) => c.DELETE('/todos/{todoId}', { params: { path, header: { 'If-Match': '"2"' } } }),
  createAttachment: (c) =>
    c.POST('/todos/{todoId}/attachments', {
      params: { path },
      body: { fileName: 'receipt.pdf', contentType: 'application/pdf', size: 48213 },
    }),
  listAttachments: (c) => c.GET('/todos/{todoId}/attachments', { params: { path } }),
  getAttachment: (c) =>
    c.GET('/todos/{todoId}/attachments/{attachmentId}', { params: { path: { todoId, attachmentId } } }),
  deleteAttachment: (c) =>
    c.DELETE('/todos/{todoId}/attachments/{attachmentId}', { params: { path: { todoId, attachmentId } } }),
};

interface DocumentedSuccess {
  status: number;
  /** The example Prism answers with (static mode: `example`, else the first of `examples`). */
  example: unknown;
  headers: string[];
}

interface DocumentedResponse {
  headers?: Record<string, unknown>;
  content?: Record<string, { example?: unknown; examples?: Record<string, unknown> }>;
}

function documentedSuccess(contract: OpenApiDocument, operationId: string): DocumentedSuccess {
  const route = routesOf(contract).find((r) => r.operationId === operationId);
  if (!route) throw new Error(`The contract has no operation ${operationId}`);
  const status = Object.keys(route.operation.responses).find((code) => /^2\d\d$/.test(code)) ?? '';
  const response = deref(contract, route.operation.responses[status] as DocumentedResponse);
  const media = response.content?.['application/json'];
  const firstExample = media?.examples ? Object.values(media.examples)[0] : undefined;
  const example =
    media?.example ?? (firstExample ? deref(contract, firstExample as { value: unknown }).value : undefined);
  return { status: Number(status), example, headers: Object.keys(response.headers ?? {}) };
}

describe('the typed client against the Prism mock', () => {
  let prism: PrismMock;
  let contract: OpenApiDocument;
  let client: SwiftyClient;

  beforeAll(async () => {
    contract = await loadContract(CONTRACT_PATH);
    prism = await startPrismMock();
    client = createSwiftyClient({
      baseUrl: prism.url,
      getToken: async () => 'a-token-prism-only-checks-for',
    });
  });

  afterAll(async () => {
    await prism?.stop(); // already stopped by the last test, unless it failed earlier
  });

  it('covers every operation of the contract', () => {
    expect(Object.keys(calls).sort()).toEqual(
      routesOf(contract)
        .map((r) => r.operationId)
        .sort(),
    );
  });

  it.each(Object.keys(calls) as OperationId[])(
    '%s succeeds with what the contract documents',
    async (operationId) => {
      // Prepare
      const expected = documentedSuccess(contract, operationId);

      // Act
      const { data, error, response } = await calls[operationId](client);

      // Assess
      expect(error).toBeUndefined();
      expect(response.status).toBe(expected.status);
      expect(data).toEqual(expected.example);
      for (const header of expected.headers)
        expect(response.headers.has(header), `${header} header`).toBe(true);
    },
  );

  it('pages to an end: the example it answers for GET /todos is a last page', async () => {
    let cursor: string | undefined;
    let pages = 0;
    do {
      const { data } = await client.GET('/todos', { params: { query: { limit: 50, cursor } } });
      cursor = data?.nextCursor;
      pages += 1;
    } while (cursor && pages < 5);

    expect(pages).toBe(1);
    // The README's way to a page with more after it.
    const { data } = await client.GET('/todos', { headers: { Prefer: 'example=pageWithMore' } });
    expect(data?.nextCursor).toEqual(expect.any(String));
  });

  it('answers ETag and Location headers that agree with the body they come with', async () => {
    const user = await calls.createUser(client);
    const todo = await client.POST('/todos', { body: { title: 'Buy milk' } });
    const upload = await calls.createAttachment(client);

    expect(user.response.headers.get('location')).toBe('/users/me');
    expect(user.response.headers.get('etag')).toBe(`"${(user.data as { version: number }).version}"`);
    expect(todo.response.headers.get('location')).toBe(`/todos/${todo.data?.id}`);
    expect(todo.response.headers.get('etag')).toBe(`"${todo.data?.version}"`);
    const { attachment, upload: target } = upload.data as {
      attachment: { id: string };
      upload: { url: string };
    };
    expect(upload.response.headers.get('location')).toBe(`/todos/${todoId}/attachments/${attachment.id}`);
    // Code that follows the mock's upload URL must not send files anywhere real.
    expect(new URL(target.url).hostname).toMatch(/\.invalid$/);
  });

  it('answers a body that breaks the contract with a 400 problem', async () => {
    const { data, error, response } = await client.POST('/todos', { body: { title: '' } });

    expect(data).toBeUndefined();
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(error).toMatchObject({ type: 'https://swiftyplanner.dev/problems/validation-error', status: 400 });
  });

  it('answers a path parameter that is not a ULID with a 400', async () => {
    const { response } = await client.GET('/todos/{todoId}', { params: { path: { todoId: 'not-a-ulid' } } });

    expect(response.status).toBe(400);
  });

  it("answers a request without a token with API Gateway's 401", async () => {
    const anonymous = createSwiftyClient({ baseUrl: prism.url });

    const { error, response } = await anonymous.GET('/users/me');

    expect(response.status).toBe(401);
    expect(error).toEqual({ message: 'Unauthorized' });
  });

  // Last: it stops the mock the tests above use.
  it('stops without leaving its process behind', async () => {
    await prism.stop();

    // Signal 0 only probes, and throws once the process is gone.
    expect(() => process.kill(prism.pid, 0)).toThrow();
  });
});
