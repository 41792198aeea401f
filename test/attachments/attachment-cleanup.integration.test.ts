import { randomUUID } from 'node:crypto';
import { DeleteObjectsCommand } from '@aws-sdk/client-s3';
import { describe, expect, it } from 'vitest';
import { handler as usersHandler } from '../../src/functions/users';
import { invoke } from '../support/contract-response';
import { event } from '../support/events';
import { beforeNextTransaction } from '../support/interleave';
import {
  attachmentBody,
  createAttachment,
  createTodo,
  deleteAttachment,
  deleteTodo,
  failS3Calls,
  objectKeysUnder,
  sortKeysInPartition,
  upload,
} from './attachment-requests';

/** A todo with `n` uploaded attachments. */
async function todoWithFiles(sub: string, n: number): Promise<string> {
  const todoId = (await createTodo(sub)).body.id as string;
  for (let i = 0; i < n; i++) {
    const created = await createAttachment(sub, todoId, attachmentBody({ fileName: `f${i}.txt`, size: 3 }));
    expect((await upload(created, new TextEncoder().encode('abc'))).status).toBe(200);
  }
  return todoId;
}

describe('deleting what attachments belong to', () => {
  it('deleting a todo removes its objects and metadata, and nothing of the other todos', async () => {
    const sub = randomUUID();
    const doomed = await todoWithFiles(sub, 3);
    const kept = await todoWithFiles(sub, 1);

    const res = await deleteTodo(sub, doomed);

    expect(res.status).toBe(204);
    expect(await objectKeysUnder(`users/${sub}/todos/${doomed}/`)).toEqual([]);
    expect(await sortKeysInPartition(sub, `ATT#${doomed}#`)).toEqual([]);
    expect(await sortKeysInPartition(sub, `ATTCOUNT#${doomed}`)).toEqual([]);
    expect(await objectKeysUnder(`users/${sub}/todos/${kept}/`)).toHaveLength(1);
    expect(await sortKeysInPartition(sub, `ATT#${kept}#`)).toHaveLength(1);
  });

  it('deleting the user removes every object under their prefix and every item of theirs', async () => {
    const sub = randomUUID();
    const neighbour = randomUUID();
    await todoWithFiles(sub, 2);
    await todoWithFiles(sub, 1);
    await todoWithFiles(neighbour, 1);

    const res = await invoke(usersHandler, event('DELETE /users/me', { sub }));

    expect(res.status).toBe(204);
    expect(await objectKeysUnder(`users/${sub}/`)).toEqual([]);
    expect(await sortKeysInPartition(sub)).toEqual([]);
    expect(await objectKeysUnder(`users/${neighbour}/`)).toHaveLength(1);
  });
});

describe('a delete whose file step failed', () => {
  it("is finished by the client's retry of DELETE /todos/{todoId}: its 404 removes the files left", async () => {
    const sub = randomUUID();
    const todoId = await todoWithFiles(sub, 2);
    const outage = failS3Calls(DeleteObjectsCommand, { once: true });

    const failed = await deleteTodo(sub, todoId);
    const leftAfterFailure = await objectKeysUnder(`users/${sub}/todos/${todoId}/`);
    const retried = await deleteTodo(sub, todoId);

    expect(outage.count).toBe(1);
    expect(failed.status).toBe(503);
    expect(leftAfterFailure).toHaveLength(2);
    expect(retried.status).toBe(404);
    expect(await objectKeysUnder(`users/${sub}/todos/${todoId}/`)).toEqual([]);
  });

  it("is finished by the client's retry of DELETE .../attachments/{attachmentId}, and only that file goes", async () => {
    const sub = randomUUID();
    const todoId = (await createTodo(sub)).body.id as string;
    const created = await createAttachment(sub, todoId, attachmentBody({ size: 3 }));
    const neighbour = await createAttachment(sub, todoId, attachmentBody({ size: 3 }));
    for (const attachment of [created, neighbour])
      expect((await upload(attachment, new TextEncoder().encode('abc'))).status).toBe(200);
    const attachmentId = created.body.attachment.id as string;
    const outage = failS3Calls(DeleteObjectsCommand, { once: true });

    const failed = await deleteAttachment(sub, todoId, attachmentId);
    const leftAfterFailure = await objectKeysUnder(`users/${sub}/todos/${todoId}/${attachmentId}`);
    const retried = await deleteAttachment(sub, todoId, attachmentId);

    expect(outage.count).toBe(1);
    expect(failed.status).toBe(503);
    expect(leftAfterFailure).toHaveLength(1);
    expect(retried.status).toBe(404);
    expect(await objectKeysUnder(`users/${sub}/todos/${todoId}/`)).toEqual([
      `users/${sub}/todos/${todoId}/${neighbour.body.attachment.id}`,
    ]);
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
