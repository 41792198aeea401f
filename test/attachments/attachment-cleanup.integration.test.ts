/**
 * What a todo's or an attachment's delete leaves to the table's stream: the records go in the request
 * (204), the files after, when the records' removal reaches the users function (the template's
 * mapping, run by test/support/table-changes.ts), retried until S3 takes the delete.
 */
import { randomUUID } from 'node:crypto';
import {
  AdminDeleteUserCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, describe, expect, it } from 'vitest';
import { handler as usersHandler } from '../../src/functions/users';
import { s3Client } from '../../src/storage/s3-client';
import { invoke } from '../support/contract-response';
import { event } from '../support/events';
import { countRequests, failNext, s3SlowDown } from '../support/faults';
import { beforeNextTransaction } from '../support/interleave';
import { tableChangesOf } from '../support/table-changes';
import {
  attachmentBody,
  createAttachment,
  createTodo,
  deleteAttachment,
  deleteTodo,
  objectKeysUnder,
  sortKeysInPartition,
  upload,
} from './attachment-requests';

/** A todo with `n` uploaded attachments; its id and the attachments' ids. */
async function todoWithFiles(sub: string, n: number): Promise<{ todoId: string; attachmentIds: string[] }> {
  const todoId = (await createTodo(sub)).body.id as string;
  const attachmentIds: string[] = [];
  for (let i = 0; i < n; i++) {
    const created = await createAttachment(sub, todoId, attachmentBody({ fileName: `f${i}.txt`, size: 3 }));
    expect((await upload(created, new TextEncoder().encode('abc'))).status).toBe(200);
    attachmentIds.push(created.body.attachment.id);
  }
  return { todoId, attachmentIds };
}

const cognito = mockClient(CognitoIdentityProviderClient);
afterAll(() => cognito.restore());

describe('deleting what attachments belong to', () => {
  it('a todo: 204 with its records gone, then its files, and nothing of the other todos', async () => {
    // Prepare
    const sub = randomUUID();
    const changes = await tableChangesOf([sub]);
    const doomed = await todoWithFiles(sub, 3);
    const kept = await todoWithFiles(sub, 1);

    // Act
    const res = await deleteTodo(sub, doomed.todoId);
    const recordsLeft = await sortKeysInPartition(sub, `ATT#${doomed.todoId}#`);
    await changes.idle();
    await changes.close();

    // Assess
    expect(res.status).toBe(204);
    expect(recordsLeft).toEqual([]);
    expect(await sortKeysInPartition(sub, `ATTCOUNT#${doomed.todoId}`)).toEqual([]);
    expect(await objectKeysUnder(`users/${sub}/todos/${doomed.todoId}/`)).toEqual([]);
    expect(await objectKeysUnder(`users/${sub}/todos/${kept.todoId}/`)).toHaveLength(1);
    expect(await sortKeysInPartition(sub, `ATT#${kept.todoId}#`)).toHaveLength(1);
  });

  it('an attachment: 204, then its file, and only that file', async () => {
    const sub = randomUUID();
    const changes = await tableChangesOf([sub]);
    const { todoId, attachmentIds } = await todoWithFiles(sub, 2);
    const [doomed = '', kept = ''] = attachmentIds;

    const res = await deleteAttachment(sub, todoId, doomed);
    await changes.idle();
    await changes.close();

    expect(res.status).toBe(204);
    expect(await objectKeysUnder(`users/${sub}/todos/${todoId}/`)).toEqual([
      `users/${sub}/todos/${todoId}/${kept}`,
    ]);
  });

  it('S3 failing the files: the delete still answers 204, and the retries remove them once S3 is back', async () => {
    // Prepare
    const sub = randomUUID();
    const changes = await tableChangesOf([sub]);
    const { todoId } = await todoWithFiles(sub, 2);
    const outage = failNext(s3Client, 'DeleteObjectsCommand', 3, s3SlowDown);

    // Act
    const res = await deleteTodo(sub, todoId);
    await changes.idle();
    await changes.close();

    // Assess
    expect(res.status).toBe(204);
    expect(outage.count).toBe(3);
    expect(await objectKeysUnder(`users/${sub}/todos/${todoId}/`)).toEqual([]);
    expect(changes.deadLetters()).toEqual([]);
  });

  it('S3 refusing for good: the records go to the dead-letter destination, reported, and the files stay', async () => {
    const sub = randomUUID();
    const changes = await tableChangesOf([sub]);
    const { todoId, attachmentIds } = await todoWithFiles(sub, 1);
    const outage = failNext(s3Client, 'DeleteObjectsCommand', Number.POSITIVE_INFINITY, s3SlowDown);

    const res = await deleteAttachment(sub, todoId, attachmentIds[0] ?? '');
    await changes.idle();
    await changes.close();
    outage.restore();

    // Assess: the removal, alone once its batch was split (the attachment's earlier changes may have
    // shared its first batch), was invoked 1 + MaximumRetryAttempts (10) times, then given up on.
    expect(res.status).toBe(204);
    expect(outage.count).toBeGreaterThanOrEqual(11);
    expect(changes.deadLetters().map((letter) => letter.record)).toMatchObject([
      {
        requestContext: { condition: 'RetryAttemptsExhausted', approximateInvokeCount: 11 },
        DDBStreamBatchInfo: { batchSize: 1 },
      },
    ]);
    expect(await objectKeysUnder(`users/${sub}/todos/${todoId}/`)).toHaveLength(1);
  });

  it('the erasure of the user: its attachment records leave the files to the erasure, which takes them in one request', async () => {
    // Prepare: 30 files over 3 todos.
    const sub = randomUUID();
    cognito.on(AdminDeleteUserCommand).resolves({});
    const changes = await tableChangesOf([sub]);
    for (let i = 0; i < 3; i++) await todoWithFiles(sub, 10);
    const deletes = countRequests(s3Client, 'DeleteObjectsCommand');

    // Act
    const res = await invoke(usersHandler, event('DELETE /users/me', { sub }));
    await changes.idle();
    await changes.close();
    deletes.restore();

    // Assess
    expect(res.status).toBe(202);
    expect(deletes.count).toBe(1);
    expect(await objectKeysUnder(`users/${sub}/`)).toEqual([]);
    expect(await sortKeysInPartition(sub)).toEqual([]);
  });
});

describe('a todo deleted while its attachments change', () => {
  it('takes every record along when, between its read and its write, one attachment is added and one deleted', async () => {
    // Prepare: the count stays 2 (2 → 3 → 2), but the set of records is not the one the delete read.
    const sub = randomUUID();
    const todoId = (await createTodo(sub)).body.id as string;
    const kept = await createAttachment(sub, todoId, attachmentBody());
    const removed = await createAttachment(sub, todoId, attachmentBody());
    const meanwhile: number[] = [];
    const race = beforeNextTransaction(async () => {
      meanwhile.push((await createAttachment(sub, todoId, attachmentBody())).status);
      meanwhile.push((await deleteAttachment(sub, todoId, removed.body.attachment.id)).status);
    });

    // Act
    const deleted = await deleteTodo(sub, todoId);

    // Assess: the add and the delete happened inside the window, and the delete still took everything.
    expect(race.count).toBe(1);
    expect(meanwhile).toEqual([201, 204]);
    expect(deleted.status).toBe(204);
    expect(kept.status).toBe(201);
    expect(await sortKeysInPartition(sub, `ATT#${todoId}#`)).toEqual([]);
    expect(await sortKeysInPartition(sub, `ATTCOUNT#${todoId}`)).toEqual([]);
  });
});
