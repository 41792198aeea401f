/**
 * An erasure that meets failures of DynamoDB, S3 and the user pool in the middle of its work, run as
 * a stage runs it: DELETE /users/me through the users handler, the rest through the table's stream into
 * the erasure handler as the template's mapping delivers it (test/support/table-changes.ts), against
 * DynamoDB Local, the local S3 and the local user pool (the local OpenID Connect provider, which
 * answers AdminDeleteUser as Cognito does). The faults are what each service answers when it fails on its side, put in front of
 * the function's own clients once the SDK's retries are spent (test/support/faults.ts): each counts
 * its firings. Once they clear, the erasure completes and nothing of the user is left: no item, no
 * file, no username or email guard, no sign-in identity.
 */
import { InternalErrorException } from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { OidcProvider } from '../../local/issuer/oidc-provider';
import { handler } from '../../src/functions/users';
import { userPoolClient } from '../../src/identity/sign-in-identities';
import { s3Client } from '../../src/storage/s3-client';
import { documentClient } from '../../src/store/client';
import { readUsage } from '../../src/store/usage';
import { attachmentBody, createAttachment, createTodo, upload } from '../attachments/attachment-requests';
import {
  exchangeCode,
  type FlowClient,
  signIn,
  startTestProvider,
  type TestProvider,
  tokenRequest,
} from '../local/support/oidc-flow';
import { invoke } from '../support/contract-response';
import { event } from '../support/events';
import { dynamodbInternalError, failNext, s3SlowDown } from '../support/faults';
import { tableChangesOf } from '../support/table-changes';
import { filesOf, ownedItems, partitionKeys, seedFiles, seedItems } from '../support/user-data';
import { newSub, userCreate } from '../support/users';

const USER_POOL_ID = 'us-east-1_erasure';
let testProvider: TestProvider | undefined;
let provider: OidcProvider;
let client: FlowClient;

beforeAll(async () => {
  testProvider = await startTestProvider(USER_POOL_ID);
  ({ provider, client } = testProvider);
  // The erasure function reaches the local user pool as the local stack points it there.
  vi.stubEnv('USER_POOL_ID', USER_POOL_ID);
  vi.stubEnv('COGNITO_IDP_ENDPOINT', provider.origin);
});

afterAll(async () => {
  vi.unstubAllEnvs();
  (await userPoolClient()).destroy();
  await testProvider?.close();
});

/** A person signed in through the provider (authorization code + PKCE), with a refresh token. */
async function signedInAs(name: string) {
  const tokens = await exchangeCode(client, await signIn(client, name));
  return { refreshToken: tokens.refresh_token ?? '', sub: String(decodeJwt(tokens.access_token).sub) };
}

const refresh = (refreshToken: string) =>
  tokenRequest(provider.origin, {
    grant_type: 'refresh_token',
    client_id: client.clientId,
    refresh_token: refreshToken,
  });

/** A todo with one uploaded file, through the todos function and a presigned PUT to the local S3. */
async function todoWithFile(sub: string): Promise<void> {
  const todoId = (await createTodo(sub)).body.id as string;
  const created = await createAttachment(sub, todoId, attachmentBody({ size: 3 }));
  expect((await upload(created, new TextEncoder().encode('abc'))).status).toBe(200);
}

/** What is left of a user: their partition's items, their files, their username guard and any email guard of before. */
async function leftOf(sub: string, profile: { username: string; email: string }) {
  return {
    items: await partitionKeys(`USER#${sub}`),
    files: await filesOf(sub),
    guards: [
      ...(await partitionKeys(`USERNAME#${profile.username}`)),
      ...(await partitionKeys(`EMAIL#${profile.email.toLowerCase()}`)),
    ],
  };
}

const isRecordOfErasure = (sub: string) => (input: Record<string, unknown>) =>
  (input.Key as { PK?: string } | undefined)?.PK === `ERASURE#${sub}`;
const isQueryOfPartition = (sub: string) => (input: Record<string, unknown>) =>
  (input.ExpressionAttributeValues as Record<string, unknown> | undefined)?.[':pk'] === `USER#${sub}`;

describe('an erasure whose dependencies fail in the middle', () => {
  it('completes once they clear, and leaves nothing of the user: items, files, guards, sign-in', async () => {
    // Prepare: a signed-in user with a profile, todos with uploaded files, and enough items for two
    // steps of the partition's erasure (601 + 4); a neighbour whose data must stay.
    const ada = await signedInAs(`ada-${newSub()}`);
    const sub = ada.sub;
    const neighbour = await signedInAs(`bo-${newSub()}`);
    const profile = userCreate();
    expect((await invoke(handler, event('POST /users', { sub, body: profile }))).status).toBe(201);
    for (let i = 0; i < 2; i++) await todoWithFile(sub);
    await seedItems([...ownedItems(sub, 200), ...ownedItems(neighbour.sub, 2)]);
    await seedFiles(sub, 3);
    await seedFiles(neighbour.sub, 1);
    expect((await refresh(ada.refreshToken)).status).toBe(200);
    // The todos were counted: the partition holds the usage item the quotas keep, to be erased too.
    expect(await readUsage(sub)).toMatchObject({ todos: 2, attachmentBytes: 6 });
    const changes = await tableChangesOf([sub, neighbour.sub]);

    // Every dependency fails part-way, each where it hurts most:
    const pool = failNext(
      await userPoolClient(),
      'AdminDeleteUserCommand',
      2,
      () => new InternalErrorException({ message: 'Internal error', $metadata: {} }),
    );
    // the 5th of the first partition step's 20 BatchWriteItems, after 100 deletes went through
    const batchWrite = failNext(documentClient, 'BatchWriteItemCommand', 1, dynamodbInternalError, {
      skip: 4,
    });
    // the partition's Query when that step runs again
    const query = failNext(documentClient, 'QueryCommand', 1, dynamodbInternalError, {
      skip: 1,
      when: isQueryOfPartition(sub),
    });
    // the record of a step whose work was done (the first partition step's, after the sign-in's)
    const stepRecord = failNext(documentClient, 'UpdateItemCommand', 1, dynamodbInternalError, {
      skip: 1,
      when: isRecordOfErasure(sub),
    });
    // the files step's listing, then its delete twice
    const listing = failNext(s3Client, 'ListObjectsV2Command', 1, s3SlowDown);
    const fileDeletes = failNext(s3Client, 'DeleteObjectsCommand', 2, s3SlowDown);

    // Act
    const res = await invoke(handler, event('DELETE /users/me', { sub }));
    await changes.idle();
    await changes.close();

    // Assess: every fault fired, and none was given up on.
    expect({
      pool: pool.count,
      batchWrite: batchWrite.count,
      query: query.count,
      stepRecord: stepRecord.count,
      listing: listing.count,
      fileDeletes: fileDeletes.count,
    }).toEqual({ pool: 2, batchWrite: 1, query: 1, stepRecord: 1, listing: 1, fileDeletes: 2 });
    expect(changes.deadLetters()).toEqual([]);
    // The erasure completed: nothing of the user in the table or the bucket ...
    expect(res.status).toBe(202);
    const erasure = await invoke(handler, event('GET /users/me/erasure', { sub }));
    expect(erasure.body).toMatchObject({ status: 'complete', requestedAt: res.body.requestedAt });
    expect(await leftOf(sub, profile)).toEqual({ items: [], files: [], guards: [] });
    expect(await readUsage(sub)).toBeUndefined();
    // ... nor in the user pool: the identity is gone, and its refresh token with it.
    expect(provider.users.findBySub(sub)).toBeUndefined();
    const refused = await refresh(ada.refreshToken);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: 'invalid_grant' });
    // The neighbour kept everything.
    expect(await partitionKeys(`USER#${neighbour.sub}`)).toHaveLength(7);
    expect(await filesOf(neighbour.sub)).toHaveLength(1);
    expect(provider.users.findBySub(neighbour.sub)).toBeDefined();
  });
});
