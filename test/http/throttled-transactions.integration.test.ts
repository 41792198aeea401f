/**
 * A transaction DynamoDB cancels because an item's partition was throttled decided nothing, and the
 * SDK does not retry it: the store tries again, so one throttle is not a 5xx; one that lasts as long
 * as the request may take is a 503 with Retry-After, not a bug's 500.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { handler as todos } from '../../src/functions/todos';
import { handler as users } from '../../src/functions/users';
import { invoke } from '../support/contract-response';
import { event, lambdaContext } from '../support/events';
import { cancelNextTransaction } from '../support/interleave';
import { userCreate } from '../support/users';

describe('a transaction cancelled by a throttle, once', () => {
  it('PATCH /todos/{todoId} (tags move in a transaction) still answers 200, the change made once', async () => {
    const sub = randomUUID();
    const created = await invoke(
      todos,
      event('POST /todos', { sub, body: { title: 'Taxes', tags: ['home'] } }),
    );
    const todoId = created.body.id as string;
    const throttle = cancelNextTransaction(['ThrottlingError']);

    const patched = await invoke(
      todos,
      event('PATCH /todos/{todoId}', { sub, path: { todoId }, body: { tags: ['work'] } }),
    );

    expect(throttle.count).toBe(1);
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ tags: ['work'], version: 2 });
  });

  it('POST /users still answers 201', async () => {
    const throttle = cancelNextTransaction(['None', 'ThrottlingError']);

    const created = await invoke(users, event('POST /users', { sub: randomUUID(), body: userCreate() }));

    expect(throttle.count).toBe(1);
    expect(created.status).toBe(201);
  });

  it('POST /todos/{todoId}/attachments still answers 201', async () => {
    const sub = randomUUID();
    const todoId = (await invoke(todos, event('POST /todos', { sub, body: { title: 'Receipts' } }))).body.id;
    const throttle = cancelNextTransaction(['None', 'ThrottlingError']);

    const created = await invoke(
      todos,
      event('POST /todos/{todoId}/attachments', {
        sub,
        path: { todoId },
        body: { fileName: 'a.txt', contentType: 'text/plain', size: 1 },
      }),
    );

    expect(throttle.count).toBe(1);
    expect(created.status).toBe(201);
  });

  it('answers a throttle that outlasts the time budget with 503 and Retry-After, not 412 or 500', async () => {
    const sub = randomUUID();
    const created = await invoke(
      todos,
      event('POST /todos', { sub, body: { title: 'Taxes', tags: ['home'] } }),
    );
    const todoId = created.body.id as string;
    const throttle = cancelNextTransaction(['ThrottlingError'], 1_000);

    // 3 s left in the Lambda: a 2 s budget.
    const patched = await invoke(
      todos,
      event('PATCH /todos/{todoId}', { sub, path: { todoId }, body: { tags: ['work'] } }),
      lambdaContext({ remainingMs: 3_000 }),
    );
    const attempts = throttle.count;
    throttle.restore();

    // It tried again, and gave up at the end of its time budget, long before the throttle would have.
    expect(attempts).toBeGreaterThan(1);
    expect(attempts).toBeLessThan(1_000);
    expect(patched.status).toBe(503);
    expect(patched.headers['retry-after']).toBe('5');
    expect(patched.body).toMatchObject({ type: 'https://swiftyplanner.dev/problems/service-unavailable' });
    const read = await invoke(todos, event('GET /todos/{todoId}', { sub, path: { todoId } }));
    expect(read.body).toMatchObject({ tags: ['home'], version: 1 });
  });
});
