/**
 * Every todo operation through the Lambda handler against DynamoDB Local; every response is checked
 * against the contract by invoke().
 */
import { describe, expect, it } from 'vitest';
import { handler } from '../../src/functions/todos';
import { invoke } from '../support/contract-response';
import { event } from '../support/events';
import { newSub, todoBody } from '../support/todo-factory';
import { createTodo, deleteTodo, getTodo, listTodos, patchTodo } from './todo-requests';

const PROBLEM = 'https://swiftyplanner.dev/problems/';
const MISSING_ID = '01JD8X3QZ7EV5GS0PMH9R2A4XT';

describe('POST /todos', () => {
  it('creates a todo with the contract defaults and answers 201, Location and ETag', async () => {
    // Prepare
    const sub = newSub();
    // Act
    const res = await createTodo(sub, { title: 'Buy milk' });
    // Assess
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      title: 'Buy milk',
      dueDate: null,
      priority: 'normal',
      tags: [],
      completed: false,
      completedAt: null,
      version: 1,
    });
    expect(res.body).not.toHaveProperty('notes');
    expect(res.headers.location).toBe(`/todos/${res.body.id}`);
    expect(res.headers.etag).toBe('"1"');
    expect(res.body.createdAt).toBe(res.body.updatedAt);
  });

  it('stamps completedAt when created completed', async () => {
    const res = await createTodo(newSub(), todoBody({ completed: true, tags: ['home', 'x'] }));
    expect(res.status).toBe(201);
    expect(res.body.completed).toBe(true);
    expect(res.body.completedAt).toBe(res.body.createdAt);
    expect(res.body.tags).toEqual(['home', 'x']);
  });

  it('answers 400 listing every failing field', async () => {
    const res = await createTodo(newSub(), { title: '', priority: 'urgent', tags: ['Not A Tag'], extra: 1 });
    expect(res.status).toBe(400);
    expect(res.body.type).toBe(`${PROBLEM}validation-error`);
    const pointers = res.body.errors.map((e: { pointer: string }) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/body/title', '/body/priority', '/body/tags/0']));
  });

  it('answers 400 for malformed JSON', async () => {
    const res = await createTodo(newSub(), '{"title": "a"');
    expect(res.status).toBe(400);
    expect(res.body.type).toBe(`${PROBLEM}malformed-json`);
  });

  it('answers 415 for a body that is not JSON', async () => {
    const res = await invoke(
      handler,
      event('POST /todos', { sub: newSub(), body: 'title=a', contentType: 'text/plain' }),
    );
    expect(res.status).toBe(415);
    expect(res.body.type).toBe(`${PROBLEM}unsupported-media-type`);
  });
});

describe('GET /todos/{todoId}', () => {
  it('reads the todo with its ETag', async () => {
    const sub = newSub();
    const created = await createTodo(sub, todoBody({ tags: ['x'] }));
    const res = await getTodo(sub, created.body.id);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(created.body);
    expect(res.headers.etag).toBe('"1"');
  });

  it('answers 404 for a todo that does not exist', async () => {
    const res = await getTodo(newSub(), MISSING_ID);
    expect(res.status).toBe(404);
    expect(res.body.type).toBe(`${PROBLEM}not-found`);
  });

  it('answers 400 for an id that is not a ULID', async () => {
    const res = await getTodo(newSub(), 'not-a-ulid');
    expect(res.status).toBe(400);
    expect(res.body.errors[0].pointer).toBe('/path/todoId');
  });
});

describe('PATCH /todos/{todoId}', () => {
  it('merges the patch, bumps version and ETag, and null removes notes and clears dueDate', async () => {
    const sub = newSub();
    const created = await createTodo(sub, todoBody({ priority: 'low', tags: ['a'] }));
    const res = await patchTodo(sub, created.body.id, { title: 'Buy oat milk', notes: null, dueDate: null });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: created.body.id,
      title: 'Buy oat milk',
      dueDate: null,
      priority: 'low',
      tags: ['a'],
      version: 2,
      createdAt: created.body.createdAt,
    });
    expect(res.body).not.toHaveProperty('notes');
    expect(res.headers.etag).toBe('"2"');
    expect((await getTodo(sub, created.body.id)).body).toEqual(res.body);
  });

  it('stamps completedAt on completing, keeps it when completed again, clears it on reopening', async () => {
    const sub = newSub();
    const { body: todo } = await createTodo(sub, todoBody());
    const completed = await patchTodo(sub, todo.id, { completed: true });
    expect(completed.body.completed).toBe(true);
    expect(completed.body.completedAt).toEqual(expect.any(String));
    const again = await patchTodo(sub, todo.id, { completed: true, title: 'still done' });
    expect(again.body.completedAt).toBe(completed.body.completedAt);
    const reopened = await patchTodo(sub, todo.id, { completed: false });
    expect(reopened.body).toMatchObject({ completed: false, completedAt: null, version: 4 });
  });

  it('applies a matching If-Match and answers 412 with the current ETag for a stale one', async () => {
    const sub = newSub();
    const { body: todo } = await createTodo(sub, todoBody());
    const ok = await patchTodo(sub, todo.id, { title: 'v2' }, { 'If-Match': '"1"' });
    expect(ok.status).toBe(200);
    const stale = await patchTodo(sub, todo.id, { title: 'lost' }, { 'If-Match': '"1"' });
    expect(stale.status).toBe(412);
    expect(stale.body.type).toBe(`${PROBLEM}precondition-failed`);
    expect((await getTodo(sub, todo.id)).body.title).toBe('v2');
    const any = await patchTodo(sub, todo.id, { title: 'v3' }, { 'If-Match': '*' });
    expect(any.body.version).toBe(3);
    expect(stale.body.detail).toMatch(/changed since you read it/);
    const weak = await patchTodo(sub, todo.id, { title: 'weak' }, { 'If-Match': 'W/"3"' });
    expect(weak.status).toBe(412);
    expect(weak.body.detail).toMatch(/exactly as received, quoted and without W\/: "3"/);
    const unquoted = await patchTodo(sub, todo.id, { title: 'unquoted' }, { 'If-Match': '3' });
    expect(unquoted.body.detail).toMatch(/exactly as received/);
    expect((await getTodo(sub, todo.id)).body).toMatchObject({ title: 'v3', version: 3 });
  });

  it('answers 404 for a todo that does not exist, even with If-Match', async () => {
    const res = await patchTodo(newSub(), MISSING_ID, { title: 'x' }, { 'If-Match': '"1"' });
    expect(res.status).toBe(404);
  });

  it('answers 400 for an empty patch and for read-only members', async () => {
    const sub = newSub();
    const { body: todo } = await createTodo(sub, todoBody());
    expect((await patchTodo(sub, todo.id, {})).status).toBe(400);
    const readOnly = await patchTodo(sub, todo.id, { version: 7, completedAt: null });
    expect(readOnly.status).toBe(400);
    expect((await getTodo(sub, todo.id)).body.version).toBe(1);
  });

  it('answers 415 for application/json (a merge patch is application/merge-patch+json)', async () => {
    const sub = newSub();
    const { body: todo } = await createTodo(sub, todoBody());
    const res = await invoke(
      handler,
      event('PATCH /todos/{todoId}', {
        sub,
        path: { todoId: todo.id },
        body: { title: 'x' },
        contentType: 'application/json',
      }),
    );
    expect(res.status).toBe(415);
    expect((await getTodo(sub, todo.id)).body.title).toBe(todo.title);
  });
});

describe('DELETE /todos/{todoId}', () => {
  it('deletes the todo: 204, then 404, and it leaves every listing', async () => {
    const sub = newSub();
    const { body: todo } = await createTodo(sub, todoBody({ tags: ['x'], completed: true }));
    const res = await deleteTodo(sub, todo.id);
    expect(res.status).toBe(204);
    expect((await getTodo(sub, todo.id)).status).toBe(404);
    expect((await deleteTodo(sub, todo.id)).status).toBe(404);
    for (const query of <Record<string, string>[]>[
      {},
      { tag: 'x' },
      { completed: 'true' },
      { tag: 'x', completed: 'true' },
    ]) {
      expect((await listTodos(sub, query)).body.items).toEqual([]);
    }
  });

  it('honours If-Match: a stale one answers 412 and keeps the todo', async () => {
    const sub = newSub();
    const { body: todo } = await createTodo(sub, todoBody());
    await patchTodo(sub, todo.id, { title: 'v2' });
    const stale = await deleteTodo(sub, todo.id, { 'If-Match': '"1"' });
    expect(stale.status).toBe(412);
    expect((await getTodo(sub, todo.id)).status).toBe(200);
    expect((await deleteTodo(sub, todo.id, { 'If-Match': '"2"' })).status).toBe(204);
  });

  it('answers 404 for a todo that does not exist', async () => {
    expect((await deleteTodo(newSub(), MISSING_ID)).status).toBe(404);
  });
});

describe('GET /todos', () => {
  it('answers 400 for a limit out of range and a tag that breaks the pattern', async () => {
    const res = await listTodos(newSub(), { limit: '0', tag: 'No Spaces' });
    expect(res.status).toBe(400);
    const pointers = res.body.errors.map((e: { pointer: string }) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/query/limit', '/query/tag']));
  });

  it('follows tag changes: removed tags drop out, added tags come in', async () => {
    const sub = newSub();
    const { body: todo } = await createTodo(sub, todoBody({ tags: ['a', 'b'] }));
    await patchTodo(sub, todo.id, { tags: ['b', 'c'], completed: true });
    const ids = async (query: Record<string, string>) =>
      (await listTodos(sub, query)).body.items.map((t: { id: string }) => t.id);
    expect(await ids({ tag: 'a' })).toEqual([]);
    expect(await ids({ tag: 'b' })).toEqual([todo.id]);
    expect(await ids({ tag: 'c', completed: 'true' })).toEqual([todo.id]);
    expect(await ids({ tag: 'b', completed: 'false' })).toEqual([]);
    expect(await ids({ completed: 'false' })).toEqual([]);
  });
});
