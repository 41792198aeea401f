/**
 * Broken object-level authorization: user B knows A's todo id. Every key is derived from the
 * caller's sub, so for B the todo does not exist (404, never 403 or 412), and A's todo is unchanged.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { newSub, todoBody } from '../support/todo-factory';
import { createTodo, deleteTodo, getTodo, listTodos, patchTodo } from './todo-requests';

describe("another user's todo", () => {
  const alice = newSub('alice');
  const bob = newSub('bob');
  // biome-ignore lint/suspicious/noExplicitAny: a contract-checked Todo body.
  let todo: any;

  beforeEach(async () => {
    todo = (await createTodo(alice, todoBody({ tags: ['secret'] }))).body;
  });

  it('is not found on GET', async () => {
    const res = await getTodo(bob, todo.id);
    expect(res.status).toBe(404);
    expect((await getTodo(alice, todo.id)).body).toEqual(todo);
  });

  it.each<Record<string, string>>([{}, { 'If-Match': '"1"' }, { 'If-Match': '"2"' }, { 'If-Match': '*' }])(
    'is not found on PATCH with %o, and stays unchanged',
    async (headers) => {
      const res = await patchTodo(bob, todo.id, { title: 'pwned', completed: true, tags: [] }, headers);
      expect(res.status).toBe(404);
      const reread = await getTodo(alice, todo.id);
      expect(reread.body).toEqual(todo);
      expect(reread.headers.etag).toBe('"1"');
      expect((await listTodos(alice, { tag: 'secret' })).body.items).toContainEqual(todo);
    },
  );

  it.each<Record<string, string>>([{}, { 'If-Match': '"1"' }, { 'If-Match': '"2"' }])(
    'is not found on DELETE with %o, and stays',
    async (headers) => {
      const res = await deleteTodo(bob, todo.id, headers);
      expect(res.status).toBe(404);
      expect((await getTodo(alice, todo.id)).body).toEqual(todo);
    },
  );

  it('never shows up in the other user’s listings', async () => {
    for (const query of <Record<string, string>[]>[
      {},
      { tag: 'secret' },
      { completed: 'false' },
      { tag: 'secret', completed: 'false' },
    ]) {
      expect((await listTodos(bob, query)).body.items).toEqual([]);
    }
  });
});
