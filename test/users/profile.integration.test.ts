/**
 * Every users operation through the users Lambda handler, against DynamoDB Local. Every response is
 * checked against the contract by `invoke`.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { handler } from '../../src/functions/users';
import { documentClient, tableName } from '../../src/store/client';
import { contractVersion, invoke } from '../support/contract-response';
import { event } from '../support/events';
import { newSub, newUsername, userCreate } from '../support/users';

const PROBLEMS = 'https://swiftyplanner.dev/problems/';

async function createdUser(sub = newSub(), overrides = {}) {
  const body = userCreate(overrides);
  const res = await invoke(handler, event('POST /users', { sub, body }));
  expect(res.status).toBe(201);
  return { sub, body, res };
}

async function guardOwner(key: string): Promise<string | undefined> {
  const out = await documentClient.send(new GetCommand({ TableName: tableName, Key: { PK: key, SK: key } }));
  return out.Item?.ownerSub;
}

describe('GET /health', () => {
  it('reports ok and the contract version without a token', async () => {
    const res = await invoke(handler, event('GET /health', { sub: null }));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', version: contractVersion });
  });
});

describe('POST /users', () => {
  it('creates the caller profile with version 1, ETag and Location', async () => {
    // Prepare
    const sub = newSub();
    const body = userCreate({ phoneNumber: '+447700900123', bio: 'First programmer.' });
    // Act
    const res = await invoke(handler, event('POST /users', { sub, body }));
    // Assess
    expect(res.status).toBe(201);
    expect(res.headers.etag).toMatch(/^"[0-9a-z]+-1"$/);
    expect(res.headers.location).toBe('/users/me');
    expect(res.body).toMatchObject({ ...body, userId: sub, version: 1 });
    expect(res.body.createdAt).toBe(res.body.updatedAt);
    expect(await guardOwner(`USERNAME#${body.username}`)).toBe(sub);
    // An email is contact data: nothing reserves it (email-as-contact-data.integration.test.ts).
  });

  it('answers 409 profile-exists when the caller already has a profile', async () => {
    const { sub } = await createdUser();
    const res = await invoke(handler, event('POST /users', { sub, body: userCreate() }));
    expect(res.status).toBe(409);
    expect(res.body.type).toBe(`${PROBLEMS}profile-exists`);
  });

  it('answers 409 username-taken and leaves nothing behind', async () => {
    const { body } = await createdUser();
    const sub = newSub();
    const attempt = userCreate({ username: body.username });
    const res = await invoke(handler, event('POST /users', { sub, body: attempt }));
    expect(res.status).toBe(409);
    expect(res.body.type).toBe(`${PROBLEMS}username-taken`);
    expect(res.body.detail).toContain(body.username);
    expect(await guardOwner(`EMAIL#${attempt.email}`)).toBeUndefined();
    expect((await invoke(handler, event('GET /users/me', { sub }))).status).toBe(404);
  });

  it('lists every invalid field in one 400', async () => {
    const res = await invoke(
      handler,
      event('POST /users', {
        sub: newSub(),
        body: { username: 'A!', firstName: '', email: 'not-an-email', phoneNumber: '0123', isAdmin: true },
      }),
    );
    expect(res.status).toBe(400);
    expect(res.body.type).toBe(`${PROBLEMS}validation-error`);
    const pointers = res.body.errors.map((e: { pointer: string }) => e.pointer);
    expect(new Set(pointers)).toEqual(
      new Set([
        '/body/username',
        '/body/firstName',
        '/body/lastName',
        '/body/email',
        '/body/phoneNumber',
        '/body/isAdmin',
      ]),
    );
  });

  it('answers 400 malformed-json and 415 for a body that is not JSON', async () => {
    const malformed = await invoke(handler, event('POST /users', { sub: newSub(), body: '{"username":' }));
    expect(malformed.status).toBe(400);
    expect(malformed.body.type).toBe(`${PROBLEMS}malformed-json`);
    const unsupported = await invoke(
      handler,
      event('POST /users', {
        sub: newSub(),
        body: 'username=ada',
        contentType: 'application/x-www-form-urlencoded',
      }),
    );
    expect(unsupported.status).toBe(415);
  });

  it('answers a problem 401 when no identity reached the function', async () => {
    const res = await invoke(handler, event('POST /users', { sub: null, body: userCreate() }));
    expect(res.status).toBe(401);
    expect(res.body.type).toBe(`${PROBLEMS}unauthorized`);
  });
});

describe('GET /users/me', () => {
  it('reads the caller profile with its ETag', async () => {
    const { sub, res: created } = await createdUser();
    const res = await invoke(handler, event('GET /users/me', { sub }));
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe(created.headers.etag);
    expect(res.body).toEqual(created.body);
  });

  it('answers 404 for a caller without a profile', async () => {
    const res = await invoke(handler, event('GET /users/me', { sub: newSub() }));
    expect(res.status).toBe(404);
    expect(res.body.type).toBe(`${PROBLEMS}not-found`);
    expect(res.body.instance).toBe('/users/me');
  });
});

describe('PATCH /users/me', () => {
  const patch = (sub: string, body: unknown, ifMatch?: string) =>
    invoke(
      handler,
      event('PATCH /users/me', { sub, body, ...(ifMatch ? { headers: { 'If-Match': ifMatch } } : {}) }),
    );

  it('merges: present members set, null removes phoneNumber and bio, version +1', async () => {
    const {
      sub,
      body,
      res: created,
    } = await createdUser(newSub(), { phoneNumber: '+15555550100', bio: 'Hi' });
    const res = await patch(
      sub,
      { firstName: 'Augusta', phoneNumber: null, bio: null },
      created.headers.etag,
    );
    expect(res.status).toBe(200);
    expect(res.headers.etag).toBe(created.headers.etag?.replace(/-1"$/, '-2"'));
    expect(res.body).toMatchObject({ firstName: 'Augusta', lastName: body.lastName, version: 2 });
    expect(res.body).not.toHaveProperty('phoneNumber');
    expect(res.body).not.toHaveProperty('bio');
    const read = await invoke(handler, event('GET /users/me', { sub }));
    expect(read.body).toEqual(res.body);
  });

  it('increments the version without If-Match too', async () => {
    const { sub } = await createdUser();
    expect((await patch(sub, { bio: 'one' })).body.version).toBe(2);
    expect((await patch(sub, { bio: 'two' })).body.version).toBe(3);
  });

  it('accepts If-Match: * and a list that holds the current ETag', async () => {
    const { sub } = await createdUser();
    const first = await patch(sub, { bio: 'a' }, '*');
    expect(first.status).toBe(200);
    expect((await patch(sub, { bio: 'b' }, `"elsewhere-1", ${first.headers.etag}`)).status).toBe(200);
  });

  it('answers 412 with the current ETag for a stale If-Match, and changes nothing', async () => {
    const { sub, res: created } = await createdUser();
    const changed = await patch(sub, { bio: 'changed' });
    const res = await patch(sub, { bio: 'stale' }, created.headers.etag);
    expect(res.status).toBe(412);
    expect(res.body.type).toBe(`${PROBLEMS}precondition-failed`);
    expect(res.headers.etag).toBe(changed.headers.etag);
    expect((await invoke(handler, event('GET /users/me', { sub }))).body.bio).toBe('changed');
  });

  it('answers 412 for a weak or garbled If-Match', async () => {
    const { sub, res: created } = await createdUser();
    expect((await patch(sub, { bio: 'x' }, `W/${created.headers.etag}`)).status).toBe(412);
    expect((await patch(sub, { bio: 'x' }, created.headers.etag?.replaceAll('"', ''))).status).toBe(412);
    expect((await patch(sub, { bio: 'x' }, 'garbage')).status).toBe(412);
  });

  it('answers 404 without a profile', async () => {
    const res = await patch(newSub(), { bio: 'x' });
    expect(res.status).toBe(404);
  });

  it('answers 400 for an empty patch, a read-only member or an unknown one', async () => {
    const { sub } = await createdUser();
    const res = await patch(sub, {});
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ pointer: '/body', message: expect.stringContaining('fewer than 1') }]);
    const res2 = await patch(sub, { version: 9, userId: 'someone-else' });
    expect(res2.status).toBe(400);
    expect(res2.body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual([
      '/body/userId',
      '/body/version',
    ]);
  });

  it('answers 415 for application/json (the contract takes merge-patch)', async () => {
    const { sub } = await createdUser();
    const res = await invoke(
      handler,
      event('PATCH /users/me', { sub, body: { bio: 'x' }, contentType: 'application/json' }),
    );
    expect(res.status).toBe(415);
    expect(res.body.detail).toContain('application/merge-patch+json');
  });

  it('moves the username guard: the old name is free for someone else', async () => {
    // Prepare
    const { sub: ada, body, res: created } = await createdUser();
    const renamed = newUsername();
    // Act
    const res = await patch(ada, { username: renamed }, created.headers.etag);
    // Assess
    expect(res.status).toBe(200);
    expect(await guardOwner(`USERNAME#${body.username}`)).toBeUndefined();
    expect(await guardOwner(`USERNAME#${renamed}`)).toBe(ada);
    const other = newSub();
    const taken = await invoke(
      handler,
      event('POST /users', { sub: other, body: userCreate({ username: renamed }) }),
    );
    expect(taken.status).toBe(409);
    const freed = await invoke(
      handler,
      event('POST /users', { sub: other, body: userCreate({ username: body.username }) }),
    );
    expect(freed.status).toBe(201);
  });

  it('answers 409 username-taken and leaves profile and guard unchanged', async () => {
    const { body: other } = await createdUser();
    const { sub, body } = await createdUser();
    const u = await patch(sub, { username: other.username, bio: 'x' });
    expect(u.status).toBe(409);
    expect(u.body.type).toBe(`${PROBLEMS}username-taken`);
    const read = await invoke(handler, event('GET /users/me', { sub }));
    expect(read.body).toMatchObject({ username: body.username, email: body.email, version: 1 });
    expect(await guardOwner(`USERNAME#${body.username}`)).toBe(sub);
  });
});

describe('DELETE /users/me', () => {
  it('removes the profile and frees its username before it answers', async () => {
    const { sub, body, res: created } = await createdUser();
    const res = await invoke(
      handler,
      event('DELETE /users/me', { sub, headers: { 'If-Match': String(created.headers.etag) } }),
    );
    expect(res.status).toBe(202);
    expect(res.body.steps[0]).toEqual({ step: 'profile', status: 'done' });
    expect((await invoke(handler, event('GET /users/me', { sub }))).status).toBe(404);
    expect(await guardOwner(`USERNAME#${body.username}`)).toBeUndefined();
    const again = await invoke(handler, event('POST /users', { sub: newSub(), body }));
    expect(again.status).toBe(201);
  });

  it('answers 202 without a profile and without If-Match', async () => {
    const res = await invoke(handler, event('DELETE /users/me', { sub: newSub() }));
    expect(res.status).toBe(202);
  });

  it('answers 412 for a stale If-Match and keeps the profile', async () => {
    const { sub } = await createdUser();
    const res = await invoke(handler, event('DELETE /users/me', { sub, headers: { 'If-Match': '"2"' } }));
    expect(res.status).toBe(412);
    expect((await invoke(handler, event('GET /users/me', { sub }))).status).toBe(200);
  });

  it('answers 400 for an If-Match longer than the contract allows', async () => {
    const res = await invoke(
      handler,
      event('DELETE /users/me', { sub: newSub(), headers: { 'If-Match': `"${'1'.repeat(300)}"` } }),
    );
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { pointer: '/headers/if-match', message: 'must NOT have more than 200 characters' },
    ]);
  });
});
