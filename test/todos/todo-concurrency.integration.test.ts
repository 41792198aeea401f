/**
 * Optimistic concurrency under real races against DynamoDB Local: conditional transactions decide,
 * not timing.
 */
import { describe, expect, it } from 'vitest';
import { newSub, todoBody } from '../support/todo-factory';
import { createTodo, deleteTodo, getTodo, patchTodo } from './todo-requests';

const RACERS = 8;

describe('concurrent PATCH /todos/{todoId}', () => {
  it('with the same If-Match: exactly one 200, the rest 412, and the winner’s change is stored', async () => {
    // Prepare
    const sub = newSub();
    const { body: todo } = await createTodo(sub, todoBody());
    // Act
    const results = await Promise.all(
      Array.from({ length: RACERS }, (_, i) =>
        patchTodo(sub, todo.id, { title: `racer ${i}` }, { 'If-Match': '"1"' }),
      ),
    );
    // Assess
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, ...Array(RACERS - 1).fill(412)]);
    const winner = results.find((r) => r.status === 200);
    const stored = await getTodo(sub, todo.id);
    expect(stored.body).toEqual(winner?.body);
    expect(stored.body.version).toBe(2);
  });

  it('without If-Match: every change lands, each on its own version', async () => {
    const sub = newSub();
    const { body: todo } = await createTodo(sub, todoBody());
    const results = await Promise.all(
      Array.from({ length: RACERS }, (_, i) => patchTodo(sub, todo.id, { title: `racer ${i}` })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(RACERS).fill(200));
    const versions = results.map((r) => r.body.version).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: RACERS }, (_, i) => i + 2));
    expect((await getTodo(sub, todo.id)).body.version).toBe(RACERS + 1);
  });

  it('racing a DELETE with the same If-Match: exactly one of them wins', async () => {
    const sub = newSub();
    const { body: todo } = await createTodo(sub, todoBody({ tags: ['x'] }));
    const [patched, deleted] = await Promise.all([
      patchTodo(sub, todo.id, { title: 'changed' }, { 'If-Match': '"1"' }),
      deleteTodo(sub, todo.id, { 'If-Match': '"1"' }),
    ]);
    const outcome = [patched.status, deleted.status];
    expect([
      [200, 412],
      [412, 204],
      [404, 204],
    ]).toContainEqual(outcome);
    expect((await getTodo(sub, todo.id)).status).toBe(deleted.status === 204 ? 404 : 200);
  });
});
