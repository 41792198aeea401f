/**
 * Cursors a client may send but that this API did not issue for this caller and these filters:
 * all answer 400 invalid-cursor, never a 500 and never anybody else's items.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../src/store/cursor';
import { newSub, seedTodos } from '../support/todo-factory';
import { listTodos } from './todo-requests';

const INVALID_CURSOR = 'https://swiftyplanner.dev/problems/invalid-cursor';
const alice = newSub('alice');
const bob = newSub('bob');
const b64 = (text: string) => Buffer.from(text).toString('base64url');

let aliceCursor: string;
let aliceCompletedCursor: string;

beforeAll(async () => {
  await seedTodos(alice, 12, (i) => ({ completed: i % 2 === 0, tags: ['x'] }));
  await seedTodos(bob, 12, () => ({ tags: ['x'] }));
  aliceCursor = (await listTodos(alice, { limit: '3' })).body.nextCursor;
  aliceCompletedCursor = (await listTodos(alice, { limit: '3', completed: 'true' })).body.nextCursor;
});

describe('GET /todos?cursor=', () => {
  it.each([
    ['not base64url', 'not a cursor!'],
    ['base64url of nothing JSON', 'abc'],
    ['JSON null', b64('null')],
    ['a JSON array', b64('[1,2]')],
    ['a missing id', b64('{"v":1}')],
    ['a wrong version', b64(JSON.stringify({ v: 2, k: '01JD8X3QZ7EV5GS0PMH9R2A4XT', s: 'x' }))],
    ['an id that is not a ULID', b64(JSON.stringify({ v: 1, k: 'USER#bob', s: 'x' }))],
    [
      'table keys instead of an id',
      b64(JSON.stringify({ PK: 'USER#bob', SK: 'TODO#01JD8X3QZ7EV5GS0PMH9R2A4XT' })),
    ],
    [
      'a forged scope',
      b64(JSON.stringify({ v: 1, k: '01JD8X3QZ7EV5GS0PMH9R2A4XT', s: 'AAAAAAAAAAAAAAAAAAAAAA' })),
    ],
  ])('answers 400 for %s', async (_what, cursor) => {
    const res = await listTodos(alice, { cursor });
    expect(res.status).toBe(400);
    expect(res.body.type).toBe(INVALID_CURSOR);
  });

  it("answers 400 for another user's cursor", async () => {
    const res = await listTodos(bob, { limit: '3', cursor: aliceCursor });
    expect(res.status).toBe(400);
    expect(res.body.type).toBe(INVALID_CURSOR);
  });

  it.each([
    [{}, { completed: 'false' }],
    [{}, { tag: 'x' }],
    [{ completed: 'true' }, {}],
    [{ completed: 'true' }, { completed: 'false' }],
    [{ completed: 'true' }, { completed: 'true', tag: 'x' }],
  ])('answers 400 for a cursor issued for %o used with %o', async (issuedFor, usedWith) => {
    const cursor = Object.keys(issuedFor).length === 0 ? aliceCursor : aliceCompletedCursor;
    const res = await listTodos(alice, { ...usedWith, cursor });
    expect(res.status).toBe(400);
    expect(res.body.type).toBe(INVALID_CURSOR);
  });

  it('accepts its own cursors with the same filters', async () => {
    expect((await listTodos(alice, { limit: '3', cursor: aliceCursor })).status).toBe(200);
    const res = await listTodos(alice, { limit: '3', completed: 'true', cursor: aliceCompletedCursor });
    expect(res.status).toBe(200);
    // Alice has 6 completed todos: the second page of 3 is full, and all of it completed.
    expect(res.body.items.map((t: { completed: boolean }) => t.completed)).toEqual([true, true, true]);
  });
});

describe('cursor', () => {
  const scope = { sub: 'alice', list: 'todos', filters: { completed: true, tag: undefined } };

  it('round-trips the last id within its scope, ignoring filters that are absent', () => {
    const cursor = encodeCursor('01JD8X3QZ7EV5GS0PMH9R2A4XT', scope);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, { ...scope, filters: { completed: true } })).toBe(
      '01JD8X3QZ7EV5GS0PMH9R2A4XT',
    );
  });

  it('carries no user id or table key', () => {
    const decoded = Buffer.from(encodeCursor('01JD8X3QZ7EV5GS0PMH9R2A4XT', scope), 'base64url').toString();
    expect(decoded).not.toContain('alice');
    expect(decoded).not.toContain('USER#');
  });
});
