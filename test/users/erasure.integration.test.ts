/**
 * DELETE /users/me through the users handler, and the rest of the erasure through the table's stream
 * into the erasure handler, as the template's mapping delivers it (test/support/table-changes.ts: DynamoDB Local's stream, the
 * mapping's filters, batches, retries and dead letters). Cognito is mocked (aws-sdk-client-mock) as
 * its API reference documents AdminDeleteUser: `{}` on success, UserNotFoundException for a user it
 * does not have, InternalErrorException when it fails on its side. ./erasure-faults.integration.test.ts
 * runs one against the local user pool, with DynamoDB, S3 and Cognito failing in the middle.
 */
import {
  AdminDeleteUserCommand,
  CognitoIdentityProviderClient,
  InternalErrorException,
} from '@aws-sdk/client-cognito-identity-provider';
import type { Context, DynamoDBStreamEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handler as erasureHandler } from '../../src/functions/erasure';
import { handler } from '../../src/functions/users';
import { invoke } from '../support/contract-response';
import { event } from '../support/events';
import { tableChangesOf } from '../support/table-changes';
import { filesOf, ownedItems, partitionKeys, seedFiles, seedItems } from '../support/user-data';
import { newSub, userCreate } from '../support/users';

const cognito = mockClient(CognitoIdentityProviderClient);
const cognitoFailure = () => new InternalErrorException({ message: 'Internal error', $metadata: {} });

beforeEach(() => {
  cognito.reset();
  cognito.on(AdminDeleteUserCommand).resolves({});
});
afterEach(() => cognito.reset());

async function withProfile(sub: string) {
  const body = userCreate();
  expect((await invoke(handler, event('POST /users', { sub, body }))).status).toBe(201);
  return body;
}

const erasureOf = (sub: string) => invoke(handler, event('GET /users/me/erasure', { sub }));

/** What is left of a user: their partition's items, their files, their guards. */
async function leftOf(sub: string, profile?: { username: string; email: string }) {
  return {
    items: await partitionKeys(`USER#${sub}`),
    files: await filesOf(sub),
    guards: profile
      ? [
          ...(await partitionKeys(`USERNAME#${profile.username}`)),
          ...(await partitionKeys(`EMAIL#${profile.email.toLowerCase()}`)),
        ]
      : [],
  };
}

const nothingLeft = { items: [], files: [], guards: [] };

/** The erasure function, wrapped: `before` runs ahead of each batch of table changes. */
function erasureFunction(before: (event: DynamoDBStreamEvent) => Promise<void>) {
  return async (event: DynamoDBStreamEvent, context: Context) => {
    await before(event);
    return erasureHandler(event, context);
  };
}

describe('DELETE /users/me', () => {
  it('answers 202 and the erasure once the request is recorded and the profile gone; the rest follows on its own', async () => {
    // Prepare: the function is held until the answer was checked, so what it does is seen after.
    const [sub, neighbour] = [newSub(), newSub()];
    const profile = await withProfile(sub);
    await seedItems([...ownedItems(sub, 20), ...ownedItems(neighbour, 2)]);
    await seedFiles(sub, 3);
    await seedFiles(neighbour, 1);
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const changes = await tableChangesOf([sub, neighbour], { handler: erasureFunction(() => held) });

    // Act
    const res = await invoke(handler, event('DELETE /users/me', { sub }));
    const answered = await leftOf(sub, profile);
    release();
    await changes.idle();
    await changes.close();

    // Assess
    expect(res.status).toBe(202);
    expect(res.headers.location).toBe('/users/me/erasure');
    expect(res.body).toMatchObject({
      status: 'pending',
      steps: [
        { step: 'profile', status: 'done' },
        { step: 'sign-in', status: 'pending' },
        { step: 'todos', status: 'pending' },
        { step: 'files', status: 'pending' },
      ],
    });
    expect(answered.guards).toEqual([]);
    expect(answered.items).toHaveLength(61); // 20 × (todo, tag pointer, attachment) + 1 idempotency record
    expect(answered.files).toHaveLength(3);
    const done = await erasureOf(sub);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({
      status: 'complete',
      requestedAt: res.body.requestedAt,
      completedAt: expect.any(String),
      steps: [
        { step: 'profile', status: 'done' },
        { step: 'sign-in', status: 'done' },
        { step: 'todos', status: 'done' },
        { step: 'files', status: 'done' },
      ],
    });
    expect(await leftOf(sub, profile)).toEqual(nothingLeft);
    expect(cognito.commandCalls(AdminDeleteUserCommand).map((call) => call.args[0].input)).toEqual([
      { UserPoolId: 'us-east-1_test', Username: sub },
    ]);
    expect((await leftOf(neighbour)).items).toHaveLength(7);
    expect((await leftOf(neighbour)).files).toHaveLength(1);
    expect(changes.deadLetters()).toEqual([]);
  });

  it('erases the sign-in identity first, then the items, then the files', async () => {
    // Prepare: what is left is looked at before each batch the function gets.
    const sub = newSub();
    await withProfile(sub);
    await seedItems(ownedItems(sub, 200)); // 601 items: two steps
    await seedFiles(sub, 2);
    const seen: { identityCalls: number; items: number; files: number }[] = [];
    const changes = await tableChangesOf([sub], {
      handler: erasureFunction(async (batch) => {
        // The batches of the erasure's own changes (the others hold attachment records' removals).
        if (!batch.Records.some((record) => record.dynamodb?.Keys?.PK?.S?.startsWith('ERASURE#'))) return;
        const left = await leftOf(sub);
        seen.push({
          identityCalls: cognito.commandCalls(AdminDeleteUserCommand).length,
          items: left.items.length,
          files: left.files.length,
        });
      }),
    });

    // Act
    await invoke(handler, event('DELETE /users/me', { sub }));
    await changes.idle();
    await changes.close();

    // Assess: identity (1 call, all items and files there) → items (500, then 101) → files → done.
    expect(seen).toEqual([
      { identityCalls: 0, items: 601, files: 2 },
      { identityCalls: 1, items: 601, files: 2 },
      { identityCalls: 1, items: 101, files: 2 },
      { identityCalls: 1, items: 0, files: 2 },
      { identityCalls: 1, items: 0, files: 0 },
    ]);
    expect((await erasureOf(sub)).body.status).toBe('complete');
  });

  it('erases a partition bigger than one invocation may delete, a bounded step at a time', async () => {
    // Prepare: 1,261 items; each batch of changes is measured by what it removed.
    const sub = newSub();
    await seedItems(ownedItems(sub, 420));
    const removedPerInvocation: number[] = [];
    const changes = await tableChangesOf([sub], {
      handler: async (event: DynamoDBStreamEvent, context: Context) => {
        const before = (await partitionKeys(`USER#${sub}`)).length;
        await erasureHandler(event, context);
        removedPerInvocation.push(before - (await partitionKeys(`USER#${sub}`)).length);
      },
    });

    // Act
    await invoke(handler, event('DELETE /users/me', { sub }));
    await changes.idle();
    await changes.close();

    // Assess
    expect(Math.max(...removedPerInvocation)).toBeLessThanOrEqual(500);
    expect(removedPerInvocation.filter((removed) => removed > 0)).toEqual([500, 500, 261]);
    expect((await erasureOf(sub)).body.status).toBe('complete');
    expect(await partitionKeys(`USER#${sub}`)).toEqual([]);
  });

  it('gives a step that keeps failing to the dead-letter destination, stays pending, and resumes when asked again', async () => {
    // Prepare: Cognito fails every time.
    const sub = newSub();
    await seedItems(ownedItems(sub, 2));
    await seedFiles(sub, 1);
    cognito.on(AdminDeleteUserCommand).rejects(cognitoFailure());
    const changes = await tableChangesOf([sub]);

    // Act 1: the request, then every retry of its first step fails.
    const first = await invoke(handler, event('DELETE /users/me', { sub }));
    await changes.idle();
    const stuck = await erasureOf(sub);
    const leftWhileStuck = await leftOf(sub);

    // Assess 1: 1 invocation + MaximumRetryAttempts (10), then the batch's position is dead-lettered.
    expect(cognito.commandCalls(AdminDeleteUserCommand)).toHaveLength(11);
    expect(changes.deadLetters()).toHaveLength(1);
    expect(changes.deadLetters()[0]).toMatchObject({
      mappingId: 'ErasureFunctionTableChanges',
      destination: 'TableChangesDeadLetterQueue',
      record: {
        requestContext: { condition: 'RetryAttemptsExhausted', approximateInvokeCount: 11 },
        responseContext: { functionError: 'Unhandled' },
        DDBStreamBatchInfo: { batchSize: 1 },
      },
    });
    expect(stuck.body).toMatchObject({
      status: 'pending',
      steps: [{}, { step: 'sign-in', status: 'pending' }, {}, {}],
    });
    expect(leftWhileStuck.items).toHaveLength(7);
    expect(leftWhileStuck.files).toHaveLength(1);

    // Act 2: Cognito is back, and the caller asks again.
    cognito.reset();
    cognito.on(AdminDeleteUserCommand).resolves({});
    const again = await invoke(handler, event('DELETE /users/me', { sub }));
    await changes.idle();
    await changes.close();

    // Assess 2: the same request, resumed and finished.
    expect(again.status).toBe(202);
    expect(again.body.requestedAt).toBe(first.body.requestedAt);
    expect((await erasureOf(sub)).body.status).toBe('complete');
    expect(await leftOf(sub)).toEqual(nothingLeft);
    expect(changes.deadLetters()).toHaveLength(1);
  });

  it('counts a sign-in identity Cognito no longer has as erased', async () => {
    const sub = newSub();
    cognito.on(AdminDeleteUserCommand).rejects(
      new (await import('@aws-sdk/client-cognito-identity-provider')).UserNotFoundException({
        message: 'User does not exist.',
        $metadata: {},
      }),
    );
    const changes = await tableChangesOf([sub]);
    await invoke(handler, event('DELETE /users/me', { sub }));
    await changes.idle();
    await changes.close();
    expect((await erasureOf(sub)).body.status).toBe('complete');
    expect(changes.deadLetters()).toEqual([]);
  });

  it('erases the todos of a caller who never had a profile', async () => {
    const sub = newSub();
    await seedItems(ownedItems(sub, 3));
    const changes = await tableChangesOf([sub]);
    const res = await invoke(handler, event('DELETE /users/me', { sub }));
    await changes.idle();
    await changes.close();
    expect(res.status).toBe(202);
    expect(await partitionKeys(`USER#${sub}`)).toEqual([]);
  });

  it('keeps everything, and records no erasure, when If-Match is stale', async () => {
    const sub = newSub();
    await withProfile(sub);
    await seedItems(ownedItems(sub, 1));
    const res = await invoke(handler, event('DELETE /users/me', { sub, headers: { 'If-Match': '"9"' } }));
    expect(res.status).toBe(412);
    expect(await partitionKeys(`USER#${sub}`)).toHaveLength(5);
    expect((await erasureOf(sub)).status).toBe(404);
  });
});

describe('GET /users/me/erasure', () => {
  it('answers 404 when no erasure was requested', async () => {
    const res = await erasureOf(newSub());
    expect(res.status).toBe(404);
    expect(res.body.detail).toMatch(/DELETE \/users\/me starts one/);
  });
});
