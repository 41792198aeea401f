/**
 * A profile's ETag names its incarnation as well as its version (src/store/users-items.ts): a profile
 * deleted and created again restarts at version 1 under the same URL, and no tag of the deleted one
 * matches it. And If-Match on a missing profile is false (RFC 9110 §13.1.1): 412, nothing changed.
 */
import { describe, expect, it } from 'vitest';
import { handler } from '../../src/functions/users';
import { invoke } from '../support/contract-response';
import { event } from '../support/events';
import { newSub, todoBody } from '../support/todo-factory';
import { userCreate } from '../support/users';
import { createTodo, listTodos } from '../todos/todo-requests';

const signUp = (sub: string) => invoke(handler, event('POST /users', { sub, body: userCreate() }));
const patchMe = (sub: string, ifMatch: string, body: unknown = { bio: 'changed' }) =>
  invoke(handler, event('PATCH /users/me', { sub, body, headers: { 'If-Match': ifMatch } }));
const deleteMe = (sub: string, ifMatch?: string) =>
  invoke(handler, event('DELETE /users/me', { sub, ...(ifMatch && { headers: { 'If-Match': ifMatch } }) }));

describe('the ETag of a profile deleted and created again', () => {
  it('differs from every tag of the old one, so an old If-Match answers 412 and changes nothing', async () => {
    // Prepare
    const sub = newSub();
    const old = String((await signUp(sub)).headers.etag);
    expect((await deleteMe(sub, old)).status).toBe(202);
    const recreated = await signUp(sub);
    // Act
    const patched = await patchMe(sub, old);
    const deleted = await deleteMe(sub, old);
    // Assess
    expect(patched.status).toBe(412);
    expect(deleted.status).toBe(412);
    expect(recreated.body.version).toBe(1);
    expect(recreated.headers.etag).not.toBe(old);
    expect(patched.headers.etag).toBe(recreated.headers.etag);
    const read = await invoke(handler, event('GET /users/me', { sub }));
    expect(read.body).toEqual(recreated.body);
  });

  it('is the one to send: the new profile’s own tag passes', async () => {
    const sub = newSub();
    await deleteMe(sub, String((await signUp(sub)).headers.etag));
    const recreated = await signUp(sub);

    const patched = await patchMe(sub, String(recreated.headers.etag));

    expect(patched.status).toBe(200);
    expect(patched.body.version).toBe(2);
  });
});

describe('If-Match on a missing profile', () => {
  it('DELETE /users/me answers 412 and erases nothing of the caller', async () => {
    const sub = newSub();
    await createTodo(sub, todoBody());

    const tagged = await deleteMe(sub, '"lzx8k2q1-1"');
    const anyVersion = await deleteMe(sub, '*');

    expect(tagged.status).toBe(412);
    expect(tagged.body.type).toBe('https://swiftyplanner.dev/problems/precondition-failed');
    expect(anyVersion.status).toBe(412);
    expect((await listTodos(sub)).body.items).toHaveLength(1);
  });

  it('PATCH /users/me answers 412, not 404', async () => {
    const res = await patchMe(newSub(), '*');

    expect(res.status).toBe(412);
    expect(res.headers.etag).toBeUndefined();
  });
});
