/**
 * Property tests: whatever a client sends to an attachment operation, the answer is never a 5xx,
 * every 4xx is a problem+json the contract declares (invoke() checks it), and an invalid create
 * stores nothing.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { handler } from '../../src/functions/todos';
import { type ContractResponse, invoke } from '../support/contract-response';
import { event } from '../support/events';
import { attachmentBody, createAttachment, createTodo, sortKeysInPartition } from './attachment-requests';

const RUNS = 50;
const sub = randomUUID();
let todoId: string;
let attachmentId: string;

beforeAll(async () => {
  todoId = (await createTodo(sub)).body.id;
  attachmentId = (await createAttachment(sub, todoId, attachmentBody())).body.attachment.id;
});

function expectClientError(res: ContractResponse): void {
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(res.status).toBeLessThan(500);
  expect(res.headers['content-type']).toBe('application/problem+json');
}

const wrongValue = {
  fileName: fc.oneof(
    fc.constant(''),
    fc.string({ minLength: 256, maxLength: 300 }),
    fc.string().map((s) => `${s}/x`),
    fc.string().map((s) => `x${s}\u0000`),
    fc.integer(),
    fc.constant(null),
  ),
  contentType: fc.oneof(
    fc.constantFrom('image/svg+xml', 'text/html', 'application/x-msdownload', ''),
    fc.integer(),
  ),
  size: fc.oneof(
    fc.integer({ max: 0 }),
    fc.integer({ min: 10 * 1024 * 1024 + 1 }),
    fc.double({ min: 1.1, max: 100, noInteger: true }),
    fc.constant('5'),
    fc.constant(null),
  ),
} as const;
type Member = keyof typeof wrongValue;
const members = Object.keys(wrongValue) as Member[];

const invalidBody = fc.oneof(
  fc.subarray(members, { minLength: 1 }).chain((broken) =>
    fc.tuple(...broken.map((m) => wrongValue[m] as fc.Arbitrary<unknown>)).map((values) => ({
      ...attachmentBody(),
      ...Object.fromEntries(broken.map((m, i) => [m, values[i]])),
    })),
  ),
  fc.subarray(members, { minLength: 1 }).map((missing) => {
    const body: Record<string, unknown> = attachmentBody();
    for (const m of missing) delete body[m];
    return body;
  }),
  fc
    .dictionary(
      fc.string({ minLength: 1 }).filter((k) => !(k in attachmentBody())),
      fc.jsonValue(),
      {
        minKeys: 1,
      },
    )
    .map((extra) => ({ ...attachmentBody(), ...extra })),
  fc.jsonValue().filter((v) => v === null || typeof v !== 'object' || Array.isArray(v)),
);

/** Anything that is not a ULID. */
const notAnId = fc.string({ maxLength: 40 }).filter((s) => !/^[0-9A-HJKMNP-TV-Z]{26}$/.test(s));

describe('attachment operations under invalid input', () => {
  it('POST refuses every invalid body with a 4xx and stores nothing', async () => {
    await fc.assert(
      fc.asyncProperty(invalidBody, async (body) => {
        const res = await invoke(
          handler,
          event('POST /todos/{todoId}/attachments', { sub, path: { todoId }, body }),
        );
        expectClientError(res);
      }),
      { numRuns: RUNS },
    );
    expect(await sortKeysInPartition(sub, `ATT#${todoId}#`)).toHaveLength(1);
  });

  it('POST refuses bodies that are not JSON, or not declared as JSON, with a 4xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string(),
        fc.constantFrom(
          'application/json',
          'text/plain',
          'application/merge-patch+json',
          'multipart/form-data',
        ),
        async (raw, contentType) => {
          fc.pre(contentType !== 'application/json' || !isJson(raw));
          const res = await invoke(
            handler,
            event('POST /todos/{todoId}/attachments', { sub, path: { todoId }, body: raw, contentType }),
          );
          expectClientError(res);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('every operation refuses ids that are not ULIDs with a 400', async () => {
    await fc.assert(
      fc.asyncProperty(
        notAnId,
        fc.constantFrom(
          'POST /todos/{todoId}/attachments',
          'GET /todos/{todoId}/attachments',
          'GET /todos/{todoId}/attachments/{attachmentId}',
          'DELETE /todos/{todoId}/attachments/{attachmentId}',
        ),
        fc.boolean(),
        async (bad, routeKey, breakTodo) => {
          const path = breakTodo ? { todoId: bad, attachmentId } : { todoId, attachmentId: bad };
          if (!routeKey.includes('{attachmentId}') && !breakTodo) path.todoId = bad;
          const body = routeKey.startsWith('POST') ? attachmentBody() : undefined;
          const res = await invoke(handler, event(routeKey, { sub, path, body }));
          expect(res.status).toBe(400);
          expectClientError(res);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
