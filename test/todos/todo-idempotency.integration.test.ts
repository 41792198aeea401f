/** Idempotency-Key on POST /todos: a retry answers the first todo; another body under the key → 409. */
import { describe, expect, it } from 'vitest';
import { newSub, todoBody } from '../support/todo-factory';
import { createTodo, deleteTodo, listTodos, patchTodo } from './todo-requests';

const key = () => `key-${crypto.randomUUID()}`;

describe('POST /todos with Idempotency-Key', () => {
  it('answers the same todo for the same key and body, and stores one', async () => {
    // Prepare
    const sub = newSub();
    const headers = { 'Idempotency-Key': key() };
    // Act
    const first = await createTodo(sub, todoBody({ tags: ['x'] }), headers);
    const retry = await createTodo(sub, todoBody({ tags: ['x'] }), headers);
    // Assess
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.location).toBe(first.headers.location);
    expect((await listTodos(sub)).body.items).toEqual([first.body]);
  });

  it('treats member order as the same request', async () => {
    const sub = newSub();
    const headers = { 'Idempotency-Key': key() };
    const first = await createTodo(sub, { title: 'a', priority: 'high' }, headers);
    const retry = await createTodo(sub, { priority: 'high', title: 'a' }, headers);
    expect(retry.body.id).toBe(first.body.id);
  });

  it('answers 409 idempotency-key-reused for another body, and stores nothing more', async () => {
    const sub = newSub();
    const headers = { 'Idempotency-Key': key() };
    const first = await createTodo(sub, todoBody({ title: 'first' }), headers);
    const other = await createTodo(sub, todoBody({ title: 'second' }), headers);
    expect(other.status).toBe(409);
    expect(other.body.type).toBe('https://swiftyplanner.dev/problems/idempotency-key-reused');
    expect((await listTodos(sub)).body.items).toEqual([first.body]);
  });

  it('creates one todo when the same request races itself', async () => {
    const sub = newSub();
    const headers = { 'Idempotency-Key': key() };
    const results = await Promise.all(Array.from({ length: 6 }, () => createTodo(sub, todoBody(), headers)));
    expect(results.map((r) => r.status)).toEqual(Array(6).fill(201));
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect((await listTodos(sub)).body.items).toHaveLength(1);
  });

  it('keeps keys per user: two users with one key get two todos', async () => {
    const headers = { 'Idempotency-Key': key() };
    const [a, b] = [newSub(), newSub()];
    const first = await createTodo(a, todoBody(), headers);
    const second = await createTodo(b, todoBody(), headers);
    expect(second.status).toBe(201);
    expect(second.body.id).not.toBe(first.body.id);
  });

  it('answers the todo as it is now after a change, and as first answered after a delete', async () => {
    const sub = newSub();
    const headers = { 'Idempotency-Key': key() };
    const first = await createTodo(sub, todoBody(), headers);
    const changed = await patchTodo(sub, first.body.id, { title: 'changed' });
    expect((await createTodo(sub, todoBody(), headers)).body).toEqual(changed.body);
    await deleteTodo(sub, first.body.id);
    const replay = await createTodo(sub, todoBody(), headers);
    expect(replay.status).toBe(201);
    expect(replay.body).toEqual(first.body);
    expect((await listTodos(sub)).body.items).toEqual([]);
  });

  it('answers 400 for a key that breaks the contract', async () => {
    const res = await createTodo(newSub(), todoBody(), { 'Idempotency-Key': 'short' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].pointer).toBe('/headers/idempotency-key');
  });
});
