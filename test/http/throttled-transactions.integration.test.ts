/**
 * A transaction DynamoDB cancels because an item's partition was throttled decided nothing, and the
 * SDK does not retry it: the store tries again, so one throttle is not a 500.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { handler as todos } from '../../src/functions/todos';
import { handler as users } from '../../src/functions/users';
import { invoke } from '../support/contract-response';
import { event } from '../support/events';
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

  it('answers a throttle that outlasts every attempt with 500, not the 412 of a lost race', async () => {
    const sub = randomUUID();
    const created = await invoke(
      todos,
      event('POST /todos', { sub, body: { title: 'Taxes', tags: ['home'] } }),
    );
    const todoId = created.body.id as string;
    const throttle = cancelNextTransaction(['ThrottlingError'], 1_000);

    const patched = await invoke(
      todos,
      event('PATCH /todos/{todoId}', { sub, path: { todoId }, body: { tags: ['work'] } }),
    );
    const attempts = throttle.count;
    throttle.restore();

    // It tried again, and gave up long before the throttle would have.
    expect(attempts).toBeGreaterThan(1);
    expect(attempts).toBeLessThan(1_000);
    expect(patched.status).toBe(500);
    const read = await invoke(todos, event('GET /todos/{todoId}', { sub, path: { todoId } }));
    expect(read.body).toMatchObject({ tags: ['home'], version: 1 });
  }, 30_000);
});
