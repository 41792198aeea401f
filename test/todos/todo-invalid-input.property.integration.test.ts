/**
 * Property tests: whatever a client sends to a todo operation, the answer is never a 5xx, every
 * 4xx is a problem+json the contract declares (invoke() checks), and requests that break the
 * contract are refused with 400 before anything is stored.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { handler } from '../../src/functions/todos';
import { type ContractResponse, invoke } from '../support/contract-response';
import { event } from '../support/events';
import { newSub, todoBody } from '../support/todo-factory';
import { createTodo, listTodos } from './todo-requests';

const RUNS = 60;
const sub = newSub('fuzz');
let todoId: string;

beforeAll(async () => {
  todoId = (await createTodo(sub, todoBody({ tags: ['x'] }))).body.id;
});

function expectClientError(res: ContractResponse): void {
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  expect(res.headers['content-type']).toBe('application/problem+json');
  expect(res.body.status).toBe(res.status);
}

/** Any answer but a 5xx; a problem (its status is checked by invoke) exactly when it is an error. */
function expectNoServerError(res: ContractResponse): void {
  expect(res.status).toBeLessThan(500);
  expect(res.headers['content-type'] === 'application/problem+json').toBe(res.status >= 400);
}

/** A value of the wrong kind for every member of a todo body. */
const wrongValue = {
  title: fc.oneof(
    fc.constant(''),
    fc.string({ minLength: 201, maxLength: 300 }),
    fc.integer(),
    fc.constant(null),
  ),
  notes: fc.oneof(fc.string({ minLength: 4001, maxLength: 4100 }), fc.boolean(), fc.array(fc.string())),
  dueDate: fc.oneof(
    fc.constant('2026-13-45'),
    fc.constant('tomorrow'),
    fc.integer(),
    fc.date({ noInvalidDate: true }),
  ),
  priority: fc.oneof(
    fc.string().filter((s) => !['low', 'normal', 'high'].includes(s)),
    fc.integer(),
  ),
  tags: fc.oneof(
    fc.array(fc.constant('x'), { minLength: 2, maxLength: 3 }),
    fc.array(
      fc.string().filter((s) => !/^[a-z0-9-]{1,30}$/.test(s)),
      { minLength: 1, maxLength: 3 },
    ),
    fc
      .array(
        fc.integer({ min: 0, max: 1000 }).map((n) => `t${n}`),
        { minLength: 11, maxLength: 12 },
      )
      .filter((tags) => new Set(tags).size === tags.length),
    fc.string(),
  ),
  completed: fc.oneof(fc.constant('true'), fc.integer(), fc.constant(null)),
} as const;

type Member = keyof typeof wrongValue;
const members = Object.keys(wrongValue) as Member[];

/** A valid body with one or more members replaced by wrong values, or an unknown member added. */
const invalidBody = (base: Record<string, unknown>) =>
  fc.oneof(
    fc
      .subarray(members, { minLength: 1 })
      .chain((broken) =>
        fc
          .tuple(...broken.map((m) => wrongValue[m] as fc.Arbitrary<unknown>))
          .map((values) => ({ ...base, ...Object.fromEntries(broken.map((m, i) => [m, values[i]])) })),
      ),
    fc
      .string({ minLength: 1, maxLength: 20 })
      .filter((name) => !members.includes(name as Member) && name !== '__proto__')
      .map((name) => ({ ...base, [name]: 1 })),
    // Not an object at all (a string member is sent as a JSON string, not as raw text).
    fc.oneof(
      fc.array(fc.anything()),
      fc.string().map((text) => JSON.stringify(text)),
      fc.integer(),
      fc.constant(null),
    ),
  );

const ulid = /^[0-9A-HJKMNP-TV-Z]{26}$/;

describe('POST /todos with invalid input', () => {
  it('refuses an invalid body with 400 and stores nothing', async () => {
    const before = (await listTodos(sub, { limit: '100' })).body.items.length;
    await fc.assert(
      fc.asyncProperty(invalidBody({ title: 'ok' }), async (body) => {
        const res = await createTodo(sub, body);
        expect(res.status).toBe(400);
        expectClientError(res);
      }),
      { numRuns: RUNS },
    );
    expect((await listTodos(sub, { limit: '100' })).body.items).toHaveLength(before);
  });

  it('never answers 5xx to any raw body, content type or Idempotency-Key', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.string(), fc.json()),
        fc.constantFrom(
          'application/json',
          'text/plain',
          'application/json; charset=utf-8',
          '',
          'application/xml',
        ),
        fc.option(fc.string({ maxLength: 80 }), { nil: undefined }),
        async (raw, contentType, key) => {
          const res = await invoke(
            handler,
            event('POST /todos', {
              sub,
              body: raw,
              contentType,
              headers: key === undefined ? {} : { 'idempotency-key': key },
            }),
          );
          expectNoServerError(res);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('GET /todos with invalid input', () => {
  it('refuses invalid queries with 400 and never answers 5xx to any query', async () => {
    const badQuery = fc.oneof(
      fc.record({
        limit: fc.oneof(
          fc.constant('0'),
          fc.constant('101'),
          fc.constant('1.5'),
          fc.string().filter((s) => !/^\d+$/.test(s)),
        ),
      }),
      fc.record({ completed: fc.string().filter((s) => s !== 'true' && s !== 'false') }),
      fc.record({ tag: fc.string().filter((s) => !/^[a-z0-9-]{1,30}$/.test(s)) }),
      fc.record({ cursor: fc.string({ minLength: 1, maxLength: 200 }) }),
      fc.record({ cursor: fc.constant('') }),
    );
    await fc.assert(
      fc.asyncProperty(badQuery, async (query) => {
        const res = await listTodos(sub, query);
        expect(res.status).toBe(400);
        expectClientError(res);
      }),
      { numRuns: RUNS },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(fc.constantFrom('limit', 'cursor', 'completed', 'tag', 'other'), fc.string()),
        async (query) => {
          expectNoServerError(await listTodos(sub, query));
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('GET, PATCH, DELETE /todos/{todoId} with invalid input', () => {
  const anyId = fc.oneof(fc.string({ maxLength: 40 }), fc.stringMatching(/^[0-9A-HJKMNP-TV-Z]{26}$/));

  it('answers 400 or 404 for any todoId', async () => {
    await fc.assert(
      fc.asyncProperty(anyId, async (id) => {
        for (const res of [
          await invoke(handler, event('GET /todos/{todoId}', { sub, path: { todoId: id } })),
          await invoke(
            handler,
            event('PATCH /todos/{todoId}', { sub, path: { todoId: id }, body: { title: 'x' } }),
          ),
          await invoke(
            handler,
            event('DELETE /todos/{todoId}', { sub, path: { todoId: id }, headers: { 'if-match': '"0"' } }),
          ),
        ]) {
          expect(res.status).toBe(ulid.test(id) ? 404 : 400);
          expectClientError(res);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses an invalid patch with 400 and leaves the todo as it was', async () => {
    const before = await invoke(handler, event('GET /todos/{todoId}', { sub, path: { todoId } }));
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          invalidBody({}).filter((b) => JSON.stringify(b) !== '{}'),
          fc.constant({}),
        ),
        async (body) => {
          const res = await invoke(handler, event('PATCH /todos/{todoId}', { sub, path: { todoId }, body }));
          expect(res.status).toBe(400);
          expectClientError(res);
        },
      ),
      { numRuns: RUNS },
    );
    const after = await invoke(handler, event('GET /todos/{todoId}', { sub, path: { todoId } }));
    expect(after.body).toEqual(before.body);
  });

  it('never answers 5xx to any If-Match, raw patch body or content type', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 210 }),
        fc.oneof(fc.string(), fc.json()),
        fc.constantFrom('application/merge-patch+json', 'application/json', 'text/plain', ''),
        async (ifMatch, raw, contentType) => {
          const patch = await invoke(
            handler,
            event('PATCH /todos/{todoId}', {
              sub,
              path: { todoId },
              body: raw,
              contentType,
              headers: { 'if-match': ifMatch },
            }),
          );
          expectNoServerError(patch);
          const del = await invoke(
            handler,
            event('DELETE /todos/{todoId}', {
              sub,
              path: { todoId: '01JD8X3QZ7EV5GS0PMH9R2A4XT' },
              headers: { 'if-match': ifMatch },
            }),
          );
          expectNoServerError(del);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
