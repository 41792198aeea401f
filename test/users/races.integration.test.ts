/**
 * Concurrency through the handler against DynamoDB Local: uniqueness and optimistic concurrency
 * must hold when requests overlap, not just when they take turns.
 */
import { describe, expect, it } from 'vitest';
import { handler } from '../../src/functions/users';
import { type ContractResponse, invoke } from '../support/contract-response';
import { event } from '../support/events';
import { beforeNextTransaction } from '../support/interleave';
import { newSub, newUsername, userCreate } from '../support/users';

const N = 10;

describe('races', () => {
  it('a PATCH that read a profile deleted and signed up again before its write changes the new profile, not the old one back', async () => {
    // Prepare: the same username again, so the old guard is back and owned by the caller;
    // the new profile starts at version 1, as the old one the PATCH read.
    const sub = newSub();
    const first = userCreate({ firstName: 'Old' });
    expect((await invoke(handler, event('POST /users', { sub, body: first }))).status).toBe(201);
    const meanwhile: ContractResponse[] = [];
    const race = beforeNextTransaction(async () => {
      meanwhile.push(await invoke(handler, event('DELETE /users/me', { sub })));
      meanwhile.push(
        await invoke(handler, event('POST /users', { sub, body: { ...first, firstName: 'New' } })),
      );
    });

    // Act
    const patched = await invoke(handler, event('PATCH /users/me', { sub, body: { lastName: 'Byron' } }));

    // Assess: the profile was erased and made again inside the window; the PATCH applied to the
    // profile as it is now, the old one not written back over it.
    expect(race.count).toBe(1);
    expect(meanwhile.map((r) => r.status)).toEqual([202, 201]);
    const recreated = meanwhile[1]?.body;
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      firstName: 'New',
      lastName: 'Byron',
      createdAt: recreated.createdAt,
    });
    expect((await invoke(handler, event('DELETE /users/me', { sub }))).status).toBe(202);
  });

  it(`N=${N} concurrent POST /users with one username: exactly one 201, the rest 409 username-taken`, async () => {
    // Prepare
    const username = newUsername();
    // Act
    const results = await Promise.all(
      Array.from({ length: N }, () =>
        invoke(handler, event('POST /users', { sub: newSub(), body: userCreate({ username }) })),
      ),
    );
    // Assess
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, ...Array(N - 1).fill(409)]);
    for (const r of results.filter((r) => r.status === 409)) {
      expect(r.body.type).toBe('https://swiftyplanner.dev/problems/username-taken');
    }
  });

  it(`N=${N} concurrent PATCHes with the same If-Match: exactly one 200, the rest 412`, async () => {
    // Prepare
    const sub = newSub();
    const created = await invoke(handler, event('POST /users', { sub, body: userCreate() }));
    expect(created.status).toBe(201);
    const etag = String(created.headers.etag);
    // Act
    const results = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        invoke(
          handler,
          event('PATCH /users/me', { sub, headers: { 'If-Match': etag }, body: { bio: `writer ${i}` } }),
        ),
      ),
    );
    // Assess
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, ...Array(N - 1).fill(412)]);
    const winner = results.find((r) => r.status === 200);
    const read = await invoke(handler, event('GET /users/me', { sub }));
    expect(read.body).toEqual(winner?.body);
    expect(read.body.version).toBe(2);
  });

  // Each writer loses at most once per other writer's commit, so W writers need W attempts at most;
  // 5 stays well inside the store's retry budget (MAX_USER_WRITE_ATTEMPTS).
  const W = 5;
  it(`${W} concurrent PATCHes without If-Match: all succeed, each increments the version once`, async () => {
    const sub = newSub();
    await invoke(handler, event('POST /users', { sub, body: userCreate() }));
    const results = await Promise.all(
      Array.from({ length: W }, (_, i) =>
        invoke(handler, event('PATCH /users/me', { sub, body: { bio: `w${i}` } })),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(W).fill(200));
    expect(new Set(results.map((r) => r.body.version))).toEqual(
      new Set(Array.from({ length: W }, (_, i) => i + 2)),
    );
    expect((await invoke(handler, event('GET /users/me', { sub }))).body.version).toBe(W + 1);
  });

  it('two users renaming to one free username at once: exactly one gets it', async () => {
    const [a, b] = [newSub(), newSub()];
    await invoke(handler, event('POST /users', { sub: a, body: userCreate() }));
    await invoke(handler, event('POST /users', { sub: b, body: userCreate() }));
    const username = newUsername();
    const results = await Promise.all(
      [a, b].map((sub) => invoke(handler, event('PATCH /users/me', { sub, body: { username } }))),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
  });
});
