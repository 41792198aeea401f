/**
 * Writes without If-Match never answer 412: each is applied to whatever version is current, retried
 * for as long as the request may take when others keep winning (src/store/conditional-write.ts), and
 * answered 503 with Retry-After only if its time runs out. No update is lost: every 200 is one version.
 */
import { describe, expect, it } from 'vitest';
import { handler as users } from '../../src/functions/users';
import { invoke } from '../support/contract-response';
import { event } from '../support/events';
import { cancelNextTransaction } from '../support/interleave';
import { newSub, todoBody } from '../support/todo-factory';
import { userCreate } from '../support/users';
import { createTodo, getTodo, patchTodo } from './todo-requests';

const WRITERS = 60;

/** The answers that are neither a success nor the 503 of a time budget run out. */
const neither200Nor503 = (results: { status: number }[]) =>
  results.map((r) => r.status).filter((status) => status !== 200 && status !== 503);

describe(`${WRITERS} concurrent changes without If-Match`, () => {
  it('of one todo: none answers 412, and every 200 is its own version', async () => {
    // Prepare
    const sub = newSub();
    const { body: todo } = await createTodo(sub, todoBody({ tags: ['start'] }));
    // Act
    const results = await Promise.all(
      Array.from({ length: WRITERS }, (_, i) => patchTodo(sub, todo.id, { title: `writer ${i}` })),
    );
    // Assess
    expect(neither200Nor503(results)).toEqual([]);
    for (const r of results.filter((r) => r.status === 503)) expect(r.headers['retry-after']).toBeDefined();
    const succeeded = results.filter((r) => r.status === 200);
    expect(succeeded.length).toBeGreaterThan(0);
    const versions = succeeded.map((r) => r.body.version as number).sort((a, b) => a - b);
    expect(new Set(versions).size).toBe(versions.length);
    // A 503 whose write was cut short by the time budget may still have landed (it says so).
    const stored = await getTodo(sub, todo.id);
    const unavailable = results.length - succeeded.length;
    expect(stored.body.version).toBeGreaterThanOrEqual(1 + succeeded.length);
    expect(stored.body.version).toBeLessThanOrEqual(1 + succeeded.length + unavailable);
  }, 60_000);

  it('of one profile: none answers 412, and every 200 is its own version', async () => {
    const sub = newSub();
    await invoke(users, event('POST /users', { sub, body: userCreate() }));

    const results = await Promise.all(
      Array.from({ length: WRITERS }, (_, i) =>
        invoke(users, event('PATCH /users/me', { sub, body: { bio: `writer ${i}` } })),
      ),
    );

    expect(neither200Nor503(results)).toEqual([]);
    const succeeded = results.filter((r) => r.status === 200);
    const versions = succeeded.map((r) => r.body.version as number);
    expect(new Set(versions).size).toBe(versions.length);
    const stored = await invoke(users, event('GET /users/me', { sub }));
    const unavailable = results.length - succeeded.length;
    expect(stored.body.version).toBeGreaterThanOrEqual(1 + succeeded.length);
    expect(stored.body.version).toBeLessThanOrEqual(1 + succeeded.length + unavailable);
  }, 60_000);
});

describe('a change without If-Match that loses its race again and again', () => {
  it('still lands once the others are done: 200, not 412 after 10 attempts', async () => {
    // Prepare
    const sub = newSub();
    const { body: todo } = await createTodo(sub, todoBody());
    // Another write came first, 11 times running (one more than the old attempt limit).
    const lostRaces = cancelNextTransaction(['ConditionalCheckFailed'], 11);
    // Act
    const patched = await patchTodo(sub, todo.id, { title: 'Finally' });
    // Assess
    expect(patched.status).toBe(200);
    expect(lostRaces.count).toBe(11);
    expect(patched.body).toMatchObject({ title: 'Finally', version: 2 });
  });
});
