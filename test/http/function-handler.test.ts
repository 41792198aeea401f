/**
 * The runtime on its own: routing, identity, media types, JSON, coercion, validation and problem
 * mapping, driven through createFunctionHandler with small handler maps (no store involved).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { afterEach, describe, expect, it, vi } from 'vitest';
import contract from '../../generated/openapi.json';
import { operations as todosOperations } from '../../generated/validators/todos';
import { operations as usersOperations } from '../../generated/validators/users';
import { PreconditionFailedError } from '../../src/http/errors';
import { etagOf } from '../../src/http/etag';
import { createFunctionHandler } from '../../src/http/function-handler';
import type { OperationRequest } from '../../src/http/operation';
import { METRICS_NAMESPACE, UNAVAILABLE_METRIC } from '../../src/http/request-log';
import { createGetHealth } from '../../src/operations/health';
import { TableUnavailable } from '../../src/store/errors';
import { contractVersion, invoke } from '../support/contract-response';
import { event, TEST_CLIENT_ID } from '../support/events';

/** GET /health with DynamoDB and S3 answering: the unit lane has neither (test/health probes them). */
const getHealth = createGetHealth(async () => ({ failing: [], causes: [], checkedAt: Date.now() }));

const ULID = '01JD8X3QZ7EV5GS0PMH9R2A4XT';
const now = '2026-11-27T10:00:00.000Z';
const todo = {
  id: ULID,
  title: 'Buy milk',
  dueDate: null,
  priority: 'normal' as const,
  tags: [],
  completed: false,
  completedAt: null,
  createdAt: now,
  updatedAt: now,
  version: 1,
};

/** Records what the todos handlers received, and answers contract-valid responses. */
function todosRuntime() {
  const seen: { list?: OperationRequest<'listTodos'>; update?: OperationRequest<'updateTodo'> } = {};
  const handler = createFunctionHandler(todosOperations, {
    listTodos: async (request) => {
      seen.list = request;
      return { status: 200, body: { items: [] } };
    },
    updateTodo: async (request) => {
      seen.update = request;
      return { status: 200, body: todo, headers: { ETag: etagOf('1') } };
    },
    deleteTodo: async () => {
      throw new PreconditionFailedError('The todo changed since you read it.', {
        headers: { ETag: etagOf('4') },
      });
    },
    getTodo: async () => {
      throw new Error('database password is hunter2');
    },
  });
  return { handler, seen };
}

describe('createFunctionHandler', () => {
  describe('routing', () => {
    it('answers an unknown routeKey with a 404 problem', async () => {
      // Prepare
      const handler = createFunctionHandler(usersOperations, { getHealth });
      // Act
      const res = await invoke(handler, event('GET /nowhere'));
      // Assess
      expect(res.status).toBe(404);
      expect(res.headers['content-type']).toBe('application/problem+json');
      expect(res.body.type).toBe('https://swiftyplanner.dev/problems/not-found');
      expect(res.body.instance).toBe('/nowhere');
    });

    it('serves the public GET /health without an identity', async () => {
      const handler = createFunctionHandler(usersOperations, { getHealth });
      const res = await invoke(handler, event('GET /health', { sub: null }));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'ok', version: contractVersion });
    });

    it('answers a contract route that has no handler with a 500 problem', async () => {
      const handler = createFunctionHandler(usersOperations, { getHealth });
      const res = await invoke(handler, event('GET /users/me'));
      expect(res.status).toBe(500);
      expect(res.body.type).toBe('https://swiftyplanner.dev/problems/internal');
    });
  });

  describe('identity', () => {
    it('answers 401 problem on a secured route without a sub claim', async () => {
      const { handler, seen } = todosRuntime();
      const res = await invoke(handler, event('GET /todos', { sub: null }));
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toBe('application/problem+json');
      expect(res.body.type).toBe('https://swiftyplanner.dev/problems/unauthorized');
      expect(seen.list).toBeUndefined();
    });

    it.each([
      ['empty', '', /no verified identity/],
      ['with a #', 'alice#TAG#x', /sub claim contains "#"/],
      // 2,048 bytes is DynamoDB's limit for a partition key; OpenID Connect's for a sub is 255.
      ['of 256 bytes', 'a'.repeat(256), /longer than 255 bytes/],
      ['of 256 bytes in 128 characters', 'é'.repeat(128), /longer than 255 bytes/],
    ])('answers 401 problem for a sub that cannot key a partition (%s)', async (_, sub, reason) => {
      const { handler, seen } = todosRuntime();
      const res = await invoke(handler, event('GET /todos', { sub }));
      expect(res.status).toBe(401);
      expect(res.body.type).toBe('https://swiftyplanner.dev/problems/unauthorized');
      // The reason is named; an empty sub is as good as none.
      expect(res.body.detail).toMatch(reason);
      expect(seen.list).toBeUndefined();
    });

    it.each([
      ['an ID token', { token_use: 'id', aud: TEST_CLIENT_ID }, /is an ID token/],
      ['a token without token_use', { token_use: '' }, /not an access token/],
      ["another app client's access token", { client_id: 'another-client' }, /another app client/],
    ])('answers 401 problem for %s, should one get past the gateway', async (_, claims, reason) => {
      const { handler, seen } = todosRuntime();
      const res = await invoke(handler, event('GET /todos', { claims }));
      expect(res.status).toBe(401);
      expect(res.body.type).toBe('https://swiftyplanner.dev/problems/unauthorized');
      expect(res.body.detail).toMatch(reason);
      expect(seen.list).toBeUndefined();
    });

    it('takes a sub of 255 bytes', async () => {
      const { handler, seen } = todosRuntime();
      const res = await invoke(handler, event('GET /todos', { sub: 'a'.repeat(255) }));
      expect(res.status).toBe(200);
      expect(seen.list).toBeDefined();
    });

    it('passes the sub claim as the caller', async () => {
      const { handler, seen } = todosRuntime();
      await invoke(handler, event('GET /todos', { sub: 'alice' }));
      expect(seen.list?.caller).toEqual({ sub: 'alice' });
    });
  });

  describe('parameters', () => {
    it('coerces query strings to their contract types and applies defaults', async () => {
      const { handler, seen } = todosRuntime();
      await invoke(handler, event('GET /todos', { query: { completed: 'true', tag: 'home' } }));
      expect(seen.list?.query).toEqual({ limit: 20, completed: true, tag: 'home' });
      await invoke(handler, event('GET /todos', { query: { limit: '100', completed: 'false' } }));
      expect(seen.list?.query).toEqual({ limit: 100, completed: false });
    });

    it('drops query parameters the contract does not declare', async () => {
      const { handler, seen } = todosRuntime();
      await invoke(handler, event('GET /todos', { query: { limit: '5', debug: '1' } }));
      expect(seen.list?.query).toEqual({ limit: 5 });
    });

    it.each([
      ['abc', 'must be integer'],
      ['0', 'must be >= 1'],
      ['101', 'must be <= 100'],
      ['1.5', 'must be integer'],
      ['', 'must be integer'],
    ])('rejects limit=%j with a pointer at /query/limit', async (limit, message) => {
      const { handler } = todosRuntime();
      const res = await invoke(handler, event('GET /todos', { query: { limit } }));
      expect(res.status).toBe(400);
      expect(res.body.type).toBe('https://swiftyplanner.dev/problems/validation-error');
      expect(res.body.errors).toEqual([{ pointer: '/query/limit', message }]);
    });

    it('rejects completed=yes', async () => {
      const { handler } = todosRuntime();
      const res = await invoke(handler, event('GET /todos', { query: { completed: 'yes' } }));
      expect(res.body.errors).toEqual([{ pointer: '/query/completed', message: 'must be boolean' }]);
    });
  });

  describe('body', () => {
    const patch = (options: Parameters<typeof event>[1]) =>
      event('PATCH /todos/{todoId}', { path: { todoId: ULID }, ...options });

    it('collects every failing field of every part into one 400', async () => {
      const { handler, seen } = todosRuntime();
      const res = await invoke(
        handler,
        event('PATCH /todos/{todoId}', {
          path: { todoId: 'not-a-ulid' },
          headers: { 'If-Match': 'x'.repeat(201) },
          body: { title: '', priority: 'urgent', colour: 'red' },
        }),
      );
      expect(res.status).toBe(400);
      expect(res.body.detail).toBe('5 fields are invalid.');
      expect(res.body.errors).toHaveLength(5);
      expect(res.body.errors).toEqual(
        expect.arrayContaining([
          { pointer: '/body/colour', message: 'is not a property the contract defines; remove it' },
          { pointer: '/body/title', message: 'must NOT have fewer than 1 characters' },
          { pointer: '/body/priority', message: 'must be one of: low, normal, high' },
          // The contract's description of the pattern, not the regular expression.
          {
            pointer: '/path/todoId',
            message: 'must be a ULID, 26 characters of 0-9 and A-Z without I, L, O and U',
          },
          { pointer: '/headers/if-match', message: 'must NOT have more than 200 characters' },
        ]),
      );
      expect(seen.update).toBeUndefined();
    });

    it('has a description for every pattern of the contract, since it is the message', () => {
      const patterns = new Set<string>();
      JSON.stringify(contract, (key, value) => {
        if (key === 'pattern' && typeof value === 'string') patterns.add(value);
        return value;
      });
      const described = Object.keys(todosOperations['GET /todos/{todoId}']?.patterns ?? {});

      expect(patterns.size).toBeGreaterThan(0);
      expect([...patterns].filter((pattern) => !described.includes(pattern))).toEqual([]);
    });

    it('points a missing required property at the property', async () => {
      const handler = createFunctionHandler(usersOperations, {
        createUser: async () => {
          throw new Error('unreachable: the body is invalid');
        },
      });
      const res = await invoke(handler, event('POST /users', { body: { username: 'ada' } }));
      expect(res.body.errors).toEqual([
        { pointer: '/body/firstName', message: 'is required' },
        { pointer: '/body/lastName', message: 'is required' },
        { pointer: '/body/email', message: 'is required' },
      ]);
    });

    it('escapes property names in pointers (RFC 6901)', async () => {
      const { handler } = todosRuntime();
      const res = await invoke(handler, patch({ body: { 'a/b~c': 1 } }));
      expect(res.body.errors).toEqual([
        { pointer: '/body/a~1b~0c', message: 'is not a property the contract defines; remove it' },
      ]);
    });

    it('hands the parsed body and lower-cased declared headers to the handler', async () => {
      const { handler, seen } = todosRuntime();
      const res = await invoke(handler, patch({ headers: { 'If-Match': '"1"' }, body: { completed: true } }));
      expect(res.status).toBe(200);
      expect(seen.update?.body).toEqual({ completed: true });
      expect(seen.update?.headers).toEqual({ 'if-match': '"1"' });
      expect(seen.update?.path).toEqual({ todoId: ULID });
      expect(seen.update?.rawPath).toBe(`/todos/${ULID}`);
    });

    it('decodes a base64-encoded body', async () => {
      const { handler, seen } = todosRuntime();
      const e = patch({ body: Buffer.from('{"title":"från"}').toString('base64') });
      e.isBase64Encoded = true;
      const res = await invoke(handler, e);
      expect(res.status).toBe(200);
      expect(seen.update?.body).toEqual({ title: 'från' });
    });

    it('accepts media type parameters (charset)', async () => {
      const { handler } = todosRuntime();
      const res = await invoke(
        handler,
        patch({ body: { completed: true }, contentType: 'Application/Merge-Patch+JSON; charset=utf-8' }),
      );
      expect(res.status).toBe(200);
    });

    it.each(['application/json', 'text/plain', ''])(
      'answers 415 for a body sent as %j where merge-patch is declared',
      async (contentType) => {
        const { handler, seen } = todosRuntime();
        const e = patch({ body: { completed: true }, contentType });
        if (contentType === '') delete e.headers['content-type'];
        const res = await invoke(handler, e);
        expect(res.status).toBe(415);
        expect(res.body.type).toBe('https://swiftyplanner.dev/problems/unsupported-media-type');
        expect(res.body.detail).toBe('Send the body as application/merge-patch+json.');
        expect(seen.update).toBeUndefined();
      },
    );

    it.each(['{"title":', '{title: "x"}', 'undefined', '{"a":1}}'])(
      'answers 400 malformed-json for %j',
      async (body) => {
        const { handler } = todosRuntime();
        const res = await invoke(handler, patch({ body }));
        expect(res.status).toBe(400);
        expect(res.body.type).toBe('https://swiftyplanner.dev/problems/malformed-json');
        expect(res.body.detail).not.toContain(body);
      },
    );

    it('reports a missing required body at /body', async () => {
      const { handler } = todosRuntime();
      const res = await invoke(handler, patch({}));
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ pointer: '/body', message: 'is required' }]);
    });

    it('rejects a body on an operation that takes none', async () => {
      const { handler, seen } = todosRuntime();
      const res = await invoke(handler, event('GET /todos', { body: { title: 'x' } }));
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([
        { pointer: '/body', message: 'must be empty: this operation takes no request body' },
      ]);
      expect(seen.list).toBeUndefined();
    });

    it('reports a JSON body of the wrong type at /body', async () => {
      const { handler } = todosRuntime();
      const res = await invoke(handler, patch({ body: '[1,2]' }));
      expect(res.body.errors).toEqual([{ pointer: '/body', message: 'must be object' }]);
    });
  });

  describe('errors', () => {
    it('maps a thrown HttpError to its problem, keeping its headers', async () => {
      const { handler } = todosRuntime();
      const res = await invoke(handler, event('DELETE /todos/{todoId}', { path: { todoId: ULID } }));
      expect(res.status).toBe(412);
      expect(res.headers.etag).toBe('"4"');
      expect(res.body).toEqual({
        type: 'https://swiftyplanner.dev/problems/precondition-failed',
        title: 'Precondition failed',
        status: 412,
        detail: 'The todo changed since you read it.',
        instance: `/todos/${ULID}`,
      });
    });

    it('answers an unexpected exception with a 500 problem that names nothing internal', async () => {
      const { handler } = todosRuntime();
      const e = event('GET /todos/{todoId}', { path: { todoId: ULID } });
      const res = await invoke(handler, e);
      expect(res.status).toBe(500);
      expect(res.body.type).toBe('https://swiftyplanner.dev/problems/internal');
      expect(res.body.requestId).toBe(e.requestContext.requestId);
      expect(JSON.stringify(res.body)).not.toContain('hunter2');
      expect(JSON.stringify(res.body)).not.toContain('stack');
    });
  });

  describe('logging', () => {
    // Also when a test fails before its own restore: no captured stdout, no stubbed env afterwards.
    afterEach(() => {
      vi.restoreAllMocks();
      vi.unstubAllEnvs();
    });

    function captureLogs(): string[] {
      const lines: string[] = [];
      const capture = (chunk: string | Uint8Array): boolean => {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        return true;
      };
      vi.spyOn(process.stdout, 'write').mockImplementation(capture);
      vi.spyOn(process.stderr, 'write').mockImplementation(capture);
      return lines;
    }

    it('writes one structured line per request without tokens or bodies', async () => {
      // Prepare
      const logger = new Logger({ serviceName: 'test', logLevel: 'INFO' });
      const handler = createFunctionHandler(
        todosOperations,
        { updateTodo: async () => ({ status: 200, body: todo, headers: { ETag: '"1"' } }) },
        { logger },
      );
      const e = event('PATCH /todos/{todoId}', {
        path: { todoId: ULID },
        headers: { authorization: 'Bearer secret-token-123' },
        body: { title: 'secret-title-456' },
      });
      const lines = captureLogs();
      // Act
      await handler(e);
      vi.restoreAllMocks();
      // Assess
      expect(lines).toHaveLength(1);
      const line = JSON.parse(lines[0] ?? '{}');
      expect(line).toMatchObject({
        level: 'INFO',
        message: 'request',
        requestId: e.requestContext.requestId,
        routeKey: 'PATCH /todos/{todoId}',
        operationId: 'updateTodo',
        status: 200,
      });
      expect(typeof line.durationMs).toBe('number');
      expect(typeof line.coldStart).toBe('boolean');
      expect(lines[0]).not.toContain('secret-token-123');
      expect(lines[0]).not.toContain('secret-title-456');
    });

    it("writes the line in Powertools' shape, with the X-Ray trace id, and none above INFO", async () => {
      // Prepare
      const info = new Logger({ serviceName: 'test', logLevel: 'INFO' });
      const warn = new Logger({ serviceName: 'test', logLevel: 'WARN' });
      const handlers = { getHealth };
      vi.stubEnv(
        '_X_AMZN_TRACE_ID',
        'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
      );
      const lines = captureLogs();
      // Act
      await createFunctionHandler(usersOperations, handlers, { logger: info })(
        event('GET /health', { sub: null }),
      );
      await createFunctionHandler(usersOperations, handlers, { logger: warn })(
        event('GET /health', { sub: null }),
      );
      vi.restoreAllMocks();
      vi.unstubAllEnvs();
      // Assess
      expect(lines).toHaveLength(1);
      const line = JSON.parse(lines[0] ?? '{}');
      expect(Object.keys(line).slice(0, 5)).toEqual([
        'level',
        'message',
        'timestamp',
        'service',
        'xray_trace_id',
      ]);
      expect(line).toMatchObject({ level: 'INFO', xray_trace_id: '1-5759e988-bd862e3fe1be46a994272793' });
      expect(new Date(line.timestamp).toISOString()).toBe(line.timestamp);
    });

    it('logs a 503 at WARN with its cause and the Unavailable metric, at every level but SILENT', async () => {
      // Prepare
      const unavailable = async (): Promise<never> => {
        throw new TableUnavailable({
          cause: Object.assign(new Error('timed out'), { name: 'TimeoutError' }),
        });
      };
      const handlerAt = (logLevel: 'ERROR' | 'SILENT') =>
        createFunctionHandler(
          usersOperations,
          { getMyUser: unavailable },
          { logger: new Logger({ serviceName: 'test', logLevel }) },
        );
      const e = event('GET /users/me');
      const lines = captureLogs();
      // Act
      const res = await handlerAt('ERROR')(e);
      await handlerAt('SILENT')(e);
      vi.restoreAllMocks();
      // Assess
      expect(res.statusCode).toBe(503);
      expect(lines).toHaveLength(1);
      const line = JSON.parse(lines[0] ?? '{}');
      expect(line).toMatchObject({
        level: 'WARN',
        message: 'request unavailable',
        requestId: e.requestContext.requestId,
        status: 503,
        cause: { name: 'TableUnavailable', cause: { name: 'TimeoutError', message: 'timed out' } },
        ApiId: e.requestContext.apiId,
        [UNAVAILABLE_METRIC]: 1,
      });
      // CloudWatch's embedded metric format: the alarm on pressure counts this.
      expect(line._aws).toEqual({
        Timestamp: expect.any(Number),
        CloudWatchMetrics: [
          {
            Namespace: METRICS_NAMESPACE,
            Dimensions: [['ApiId']],
            Metrics: [{ Name: UNAVAILABLE_METRIC, Unit: 'Count' }],
          },
        ],
      });
    });

    it('logs an unexpected exception at ERROR with the request id', async () => {
      const logger = new Logger({ serviceName: 'test', logLevel: 'INFO' });
      const handler = createFunctionHandler(
        usersOperations,
        {
          getMyUser: async () => {
            throw new Error('kaboom');
          },
        },
        { logger },
      );
      const e = event('GET /users/me');
      const lines = captureLogs();
      await handler(e);
      vi.restoreAllMocks();
      expect(lines).toHaveLength(1);
      const line = JSON.parse(lines[0] ?? '{}');
      expect(line).toMatchObject({
        level: 'ERROR',
        message: 'request failed',
        requestId: e.requestContext.requestId,
        status: 500,
      });
      expect(line.error.message).toBe('kaboom');
    });
  });
});
