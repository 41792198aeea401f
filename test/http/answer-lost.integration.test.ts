/**
 * Every write path under "committed, answer lost" (test/support/answer-lost.ts): DynamoDB Local
 * applies the request, the SDK sees a timeout and sends the same request again. The retry must count
 * the request's own earlier success as success: no 5xx for work that was done, no 412 or 404 for the
 * request's own change, no 409 for its own profile, nothing written twice.
 *
 * Transactions are safe because the SDK sends the retry with the same ClientRequestToken and
 * DynamoDB (AWS and DynamoDB Local alike) answers it as the success it was: every create, the plain
 * one too, is a transaction with the caller's usage (src/store/usage.ts), which is counted once. The
 * usage item's own single-item writes are conditional on what they saw, and their retry's failed
 * condition means another request did the same work: they carry on.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { handler as users } from '../../src/functions/users';
import { documentClient, tableName } from '../../src/store/client';
import { findErasure, recordProgress } from '../../src/store/erasure-requests';
import { purgePartitionStep } from '../../src/store/purge-user';
import { QUOTAS, readUsage } from '../../src/store/usage';
import { hourOf } from '../../src/store/usage-item';
import {
  attachmentBody,
  createAttachment,
  deleteAttachment,
  getAttachment,
  sortKeysInPartition,
  storedStatus,
  upload,
} from '../attachments/attachment-requests';
import { loseAnswerOf } from '../support/answer-lost';
import { invoke } from '../support/contract-response';
import { event } from '../support/events';
import { newSub, todoBody } from '../support/todo-factory';
import { setUsage } from '../support/usage';
import { userCreate } from '../support/users';
import { createTodo, deleteTodo, getTodo, listTodos, patchTodo } from '../todos/todo-requests';

async function attachmentCount(sub: string, todoId: string): Promise<unknown> {
  const { Item } = await documentClient.send(
    new GetCommand({
      TableName: tableName,
      Key: { PK: `USER#${sub}`, SK: `ATTCOUNT#${todoId}` },
      ConsistentRead: true,
    }),
  );
  return Item?.count;
}

/** Whether a marshalled request is about the caller's usage item (`USER#<sub>`/`USAGE`). */
const aboutUsage = (input: Record<string, unknown>): boolean =>
  (input.Key as { SK?: { S?: string } } | undefined)?.SK?.S === 'USAGE' ||
  (input.Item as { SK?: { S?: string } } | undefined)?.SK?.S === 'USAGE';

describe('POST /todos whose write was applied but its answer lost', () => {
  it('without tags or key (the todo and the usage, a transaction): 201 with the todo, stored and counted once', async () => {
    // Prepare
    const sub = newSub();
    const lost = loseAnswerOf('TransactWriteItemsCommand');
    // Act
    const created = await createTodo(sub, todoBody({ title: 'Only once' }));
    // Assess
    expect(lost.count).toBe(1);
    expect(created.status).toBe(201);
    const listed = await listTodos(sub);
    expect(listed.body.items).toEqual([created.body]);
    expect((await readUsage(sub))?.todos).toBe(1);
  });

  it('of a new caller (the usage counted first, one PutItem): 201, the usage counted once', async () => {
    const sub = newSub();
    const lost = loseAnswerOf('PutItemCommand', { matches: aboutUsage });

    const created = await createTodo(sub, todoBody());

    expect(lost.count).toBe(1);
    expect(created.status).toBe(201);
    expect(await readUsage(sub)).toMatchObject({ todos: 1, attachmentBytes: 0, keys: 0 });
  });

  it('with tags (a transaction): 201, the todo and its pointers stored once', async () => {
    const sub = newSub();
    const lost = loseAnswerOf('TransactWriteItemsCommand');

    const created = await createTodo(sub, todoBody({ tags: ['home'] }));

    expect(lost.count).toBe(1);
    expect(created.status).toBe(201);
    expect(await sortKeysInPartition(sub)).toEqual([
      `TAG#home#${created.body.id}`,
      `TODO#${created.body.id}`,
      'USAGE',
    ]);
    expect((await readUsage(sub))?.todos).toBe(1);
  });

  it('with an Idempotency-Key: 201 (not a replay of itself), one todo', async () => {
    const sub = newSub();
    const lost = loseAnswerOf('TransactWriteItemsCommand');

    const created = await createTodo(sub, todoBody(), { 'Idempotency-Key': 'lost-answer-1' });

    expect(lost.count).toBe(1);
    expect(created.status).toBe(201);
    expect((await listTodos(sub)).body.items).toEqual([created.body]);
    expect(await readUsage(sub)).toMatchObject({ todos: 1, keys: 1 });
  });

  it('with a key, at the key quota with an hour ended (an UpdateItem gives it back): 201, given back once', async () => {
    const sub = newSub();
    await createTodo(sub, todoBody());
    const ended = hourOf(Math.floor(Date.now() / 1000) - 2 * 3600);
    const live = hourOf(Math.floor(Date.now() / 1000) + 3600);
    await setUsage(sub, {
      keys: QUOTAS.idempotencyKeys,
      [`keys@${ended}`]: 10,
      [`keys@${live}`]: QUOTAS.idempotencyKeys - 10,
    });
    const lost = loseAnswerOf('UpdateItemCommand', { matches: aboutUsage });

    const created = await createTodo(sub, todoBody(), { 'Idempotency-Key': 'lost-answer-2' });

    expect(lost.count).toBe(1);
    expect(created.status).toBe(201);
    const usage = await readUsage(sub);
    expect(usage?.keys).toBe(QUOTAS.idempotencyKeys - 10 + 1);
    expect(usage?.keyHours[ended]).toBeUndefined();
  });
});

describe('PATCH /todos/{todoId} whose write was applied but its answer lost', () => {
  it('with If-Match: 200 with the change, not 412 for its own success', async () => {
    const sub = newSub();
    const { body: todo } = await createTodo(sub, todoBody({ tags: ['a'] }));
    const lost = loseAnswerOf('TransactWriteItemsCommand');

    const patched = await patchTodo(sub, todo.id, { title: 'Changed', tags: ['b'] }, { 'If-Match': '"1"' });

    expect(lost.count).toBe(1);
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ title: 'Changed', tags: ['b'], version: 2 });
    expect((await getTodo(sub, todo.id)).body).toEqual(patched.body);
  });

  it('without If-Match: 200, the change applied once (version 2, not 3)', async () => {
    const sub = newSub();
    const { body: todo } = await createTodo(sub, todoBody());
    const lost = loseAnswerOf('TransactWriteItemsCommand');

    const patched = await patchTodo(sub, todo.id, { priority: 'high' });

    expect(lost.count).toBe(1);
    expect(patched.status).toBe(200);
    expect((await getTodo(sub, todo.id)).body).toMatchObject({ priority: 'high', version: 2 });
  });
});

describe('DELETE /todos/{todoId} whose write was applied but its answer lost', () => {
  it('with If-Match: 204, not 404 for its own delete; nothing left', async () => {
    const sub = newSub();
    const { body: todo } = await createTodo(sub, todoBody({ tags: ['x'] }));
    await createAttachment(sub, todo.id, attachmentBody());
    const lost = loseAnswerOf('TransactWriteItemsCommand');

    const deleted = await deleteTodo(sub, todo.id, { 'If-Match': '"1"' });

    expect(lost.count).toBe(1);
    expect(deleted.status).toBe(204);
    expect(await sortKeysInPartition(sub)).toEqual(['USAGE']);
    expect(await readUsage(sub)).toMatchObject({ todos: 0, attachmentBytes: 0 });
  });

  it('with a usage item that disagrees (a DeleteItem forgets it): 204, counted again from the data', async () => {
    const sub = newSub();
    const { body: todo } = await createTodo(sub, todoBody());
    await setUsage(sub, { todos: 0 });
    const lost = loseAnswerOf('DeleteItemCommand', { matches: aboutUsage });

    const deleted = await deleteTodo(sub, todo.id);

    expect(lost.count).toBe(1);
    expect(deleted.status).toBe(204);
    expect(await sortKeysInPartition(sub, 'TODO#')).toEqual([]);
    expect((await readUsage(sub))?.todos).toBe(0);
  });
});

describe('attachments whose write was applied but its answer lost', () => {
  it('POST …/attachments: 201, one record, the todo’s count 1 (not 2)', async () => {
    const sub = newSub();
    const { body: todo } = await createTodo(sub, todoBody());
    const lost = loseAnswerOf('TransactWriteItemsCommand');

    const created = await createAttachment(sub, todo.id, attachmentBody());

    expect(lost.count).toBe(1);
    expect(created.status).toBe(201);
    expect(await sortKeysInPartition(sub, 'ATT#')).toEqual([`ATT#${todo.id}#${created.body.attachment.id}`]);
    expect(await attachmentCount(sub, todo.id)).toBe(1);
    expect((await readUsage(sub))?.attachmentBytes).toBe(attachmentBody().size);
  });

  it('DELETE …/attachments/{id}: 204, not 404 for its own delete; the count back to 0 (not below)', async () => {
    const sub = newSub();
    const { body: todo } = await createTodo(sub, todoBody());
    const { body: created } = await createAttachment(sub, todo.id, attachmentBody());
    const lost = loseAnswerOf('TransactWriteItemsCommand');

    const deleted = await deleteAttachment(sub, todo.id, created.attachment.id);

    expect(lost.count).toBe(1);
    expect(deleted.status).toBe(204);
    expect(await sortKeysInPartition(sub, 'ATT#')).toEqual([]);
    expect(await attachmentCount(sub, todo.id)).toBe(0);
    expect((await readUsage(sub))?.attachmentBytes).toBe(0);
  });

  it('marking an upload done (one UpdateItem): the read answers uploaded', async () => {
    const sub = newSub();
    const { body: todo } = await createTodo(sub, todoBody());
    const created = await createAttachment(sub, todo.id, attachmentBody({ size: 5 }));
    expect((await upload(created, new TextEncoder().encode('hello'))).ok).toBe(true);
    const { id } = created.body.attachment;
    const lost = loseAnswerOf('UpdateItemCommand');

    const read = await getAttachment(sub, todo.id, id);

    expect(lost.count).toBe(1);
    expect(read.status).toBe(200);
    expect(read.body.attachment.status).toBe('uploaded');
    expect(await storedStatus(sub, todo.id, id)).toBe('uploaded');
  });
});

describe('the profile whose write was applied but its answer lost', () => {
  it('POST /users: 201, not 409 profile-exists for its own profile', async () => {
    const sub = newSub();
    const lost = loseAnswerOf('TransactWriteItemsCommand');

    const created = await invoke(users, event('POST /users', { sub, body: userCreate() }));

    expect(lost.count).toBe(1);
    expect(created.status).toBe(201);
    const read = await invoke(users, event('GET /users/me', { sub }));
    expect(read.body).toEqual(created.body);
  });

  it('PATCH /users/me with If-Match: 200, not 412 for its own change', async () => {
    const sub = newSub();
    const created = await invoke(users, event('POST /users', { sub, body: userCreate() }));
    const lost = loseAnswerOf('TransactWriteItemsCommand');

    const patched = await invoke(
      users,
      event('PATCH /users/me', {
        sub,
        body: { bio: 'Changed once' },
        headers: { 'If-Match': created.headers.etag as string },
      }),
    );

    expect(lost.count).toBe(1);
    expect(patched.status).toBe(200);
    expect(patched.body.bio).toBe('Changed once');
    expect((await invoke(users, event('GET /users/me', { sub }))).body).toEqual(patched.body);
  });

  it('erasing the user (the request’s transaction, a step’s record and the partition’s batches): 202, each once, all gone, names free again', async () => {
    const sub = newSub();
    const profile = userCreate();
    await invoke(users, event('POST /users', { sub, body: profile }));
    await createTodo(sub, todoBody({ tags: ['x'] }));
    const lostRequest = loseAnswerOf('TransactWriteItemsCommand');
    const lostRecord = loseAnswerOf('UpdateItemCommand');
    const lostBatch = loseAnswerOf('BatchWriteItemCommand');

    const requested = await invoke(users, event('DELETE /users/me', { sub }));
    const read = await findErasure(sub);
    // A step's record whose answer was lost: the SDK's retry meets its own write (progress moved on),
    // which reads as another run having recorded it; either way the step is recorded once.
    const recorded = read && (await recordProgress(read, { next: 'items' }));
    const purged = await purgePartitionStep(sub);

    expect([lostRequest.count, lostRecord.count, lostBatch.count]).toEqual([1, 1, 1]);
    expect(requested.status).toBe(202);
    expect(recorded).toBe(false);
    expect(await findErasure(sub)).toMatchObject({ step: 'items', progress: 1, resumes: 0 });
    expect(purged.done).toBe(true);
    expect(await sortKeysInPartition(sub)).toEqual([]);
    const again = await invoke(users, event('POST /users', { sub: newSub(), body: profile }));
    expect(again.status).toBe(201);
  });
});

describe('DynamoDB Local, as AWS documents TransactWriteItems', () => {
  it('answers a repeated ClientRequestToken as the success it was, and refuses it for another request', async () => {
    // The assumption the transactions above rest on (AWS: "multiple identical calls have the same
    // effect as one single call"; another request under the token → IdempotentParameterMismatch).
    const key = { PK: `USER#${newSub()}`, SK: 'TODO#token-probe' };
    const token = randomUUID();
    const put = (title: string) =>
      new TransactWriteCommand({
        ClientRequestToken: token,
        TransactItems: [
          {
            Put: {
              TableName: tableName,
              Item: { ...key, title },
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
        ],
      });

    await documentClient.send(put('first'));

    await expect(documentClient.send(put('first'))).resolves.toBeDefined();
    await expect(documentClient.send(put('second'))).rejects.toMatchObject({
      name: 'IdempotentParameterMismatchException',
    });
    const { Item } = await documentClient.send(
      new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true }),
    );
    expect(Item?.title).toBe('first');
  });
});
