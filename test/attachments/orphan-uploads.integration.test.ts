/**
 * An upload URL outlives a delete: an object uploaded through it after its attachment, todo or user
 * is gone must not stay behind. S3 tells the todos function about each new object (an EventBridge
 * "Object Created" event, sent here straight into the handler as Lambda would), and the function
 * removes objects that no record owns. test/attachments/attachments.e2e.test.ts shows the whole path.
 */
import { randomUUID } from 'node:crypto';
import {
  AdminDeleteUserCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { GetCommandInput } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it, onTestFinished } from 'vitest';
import { handler } from '../../src/functions/todos';
import { handler as usersHandler } from '../../src/functions/users';
import { onObjectCreated } from '../../src/operations/attachments/object-created';
import { documentClient } from '../../src/store/client';
import { invoke } from '../support/contract-response';
import { event, objectCreatedEvent } from '../support/events';
import { interceptSend } from '../support/intercept-send';
import { tableChangesOf } from '../support/table-changes';
import {
  attachmentBody,
  bucket,
  createAttachment,
  deleteAttachment,
  deleteTodo,
  objectExists,
  s3,
  storedStatus,
  todoOf,
  upload,
} from './attachment-requests';

const bytes = new TextEncoder().encode('hello world'); // 11 bytes, attachmentBody()'s size

/** An attachment's key, from the upload URL the API handed out. */
const keyOf = (uploadUrl: string) =>
  decodeURIComponent(new URL(uploadUrl).pathname).replace(`/${bucket}/`, '');

/** The object lands (through the URL), then S3's event reaches the function. */
async function uploadAndNotify(created: Awaited<ReturnType<typeof createAttachment>>): Promise<string> {
  expect((await upload(created, bytes)).status).toBe(200);
  const key = keyOf(created.body.upload.url);
  await handler(objectCreatedEvent(bucket, key, bytes.length));
  return key;
}

describe('objects that land after their attachment is gone', () => {
  it('removes an upload whose attachment was deleted before it arrived, and keeps its neighbours', async () => {
    const sub = randomUUID();
    const todoId = await todoOf(sub);
    const doomed = await createAttachment(sub, todoId, attachmentBody());
    const kept = await createAttachment(sub, todoId, attachmentBody());
    const keptKey = await uploadAndNotify(kept);
    expect((await deleteAttachment(sub, todoId, doomed.body.attachment.id)).status).toBe(204);

    const orphanKey = await uploadAndNotify(doomed);

    expect(await objectExists(orphanKey)).toBe(false);
    expect(await objectExists(keptKey)).toBe(true);
  });

  it('removes an upload whose todo, or whose user, was deleted before it arrived', async () => {
    // Prepare: the user's erasure runs to its end (Cognito mocked as its API reference documents it).
    const cognito = mockClient(CognitoIdentityProviderClient);
    onTestFinished(() => {
      cognito.restore();
    });
    cognito.on(AdminDeleteUserCommand).resolves({});
    const sub = randomUUID();
    const changes = await tableChangesOf([sub]);
    const todoId = await todoOf(sub);
    const ofDeletedTodo = await createAttachment(sub, todoId, attachmentBody());
    const otherTodo = await todoOf(sub);
    const ofDeletedUser = await createAttachment(sub, otherTodo, attachmentBody());
    expect((await deleteTodo(sub, todoId)).status).toBe(204);
    expect((await invoke(usersHandler, event('DELETE /users/me', { sub }))).status).toBe(202);
    await changes.idle();
    await changes.close();

    expect(await objectExists(await uploadAndNotify(ofDeletedTodo))).toBe(false);
    expect(await objectExists(await uploadAndNotify(ofDeletedUser))).toBe(false);
  });

  it('keeps an upload its attachment owns, and marks the attachment uploaded, from a strongly consistent read', async () => {
    const sub = randomUUID();
    const todoId = await todoOf(sub);
    const created = await createAttachment(sub, todoId, attachmentBody());
    expect(created.body.attachment.status).toBe('pending');
    const reads: GetCommandInput[] = [];
    const observed = interceptSend<GetCommandInput>(documentClient, {
      name: 'A GetItem of the record',
      command: 'GetItemCommand',
      act: ({ input }, send) => {
        reads.push(input);
        return send();
      },
    });

    const key = await uploadAndNotify(created);
    observed.restore(); // the reads below are the test's own

    expect(await objectExists(key)).toBe(true);
    expect(await storedStatus(sub, todoId, created.body.attachment.id)).toBe('uploaded');
    // An eventually consistent read could miss a record written a moment ago, and delete its upload.
    expect(reads.map((input) => input.ConsistentRead)).toEqual([true]);
  });

  it('keeps an object of another size than declared, and the attachment stays pending', async () => {
    const sub = randomUUID();
    const todoId = await todoOf(sub);
    const created = await createAttachment(sub, todoId, attachmentBody());
    const key = keyOf(created.body.upload.url);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes.subarray(0, 5) }));

    await handler(objectCreatedEvent(bucket, key, 5));

    expect(await objectExists(key)).toBe(true);
    expect(await storedStatus(sub, todoId, created.body.attachment.id)).toBe('pending');
  });

  it('reports an event about an orphan that is already gone (a repeated event) without deleting anything', async () => {
    const sub = randomUUID();
    const todoId = await todoOf(sub);
    const created = await createAttachment(sub, todoId, attachmentBody());
    expect((await deleteAttachment(sub, todoId, created.body.attachment.id)).status).toBe(204);
    const key = await uploadAndNotify(created); // deleted as an orphan

    expect(await onObjectCreated(bucket, key, bytes.length)).toBe('already-gone');
    expect(await objectExists(key)).toBe(false);
  });

  it("ignores another bucket's event, even for the key of an object this bucket holds without a record", async () => {
    const sub = randomUUID();
    const todoId = await todoOf(sub);
    const created = await createAttachment(sub, todoId, attachmentBody());
    expect((await upload(created, bytes)).status).toBe(200);
    const key = keyOf(created.body.upload.url);
    expect((await deleteAttachment(sub, todoId, created.body.attachment.id)).status).toBe(204);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes })); // back, with no record

    await handler(objectCreatedEvent('another-bucket', key, bytes.length));

    expect(await objectExists(key)).toBe(true);
  });

  it('leaves alone objects outside the attachments layout, and keys that only look like one', async () => {
    const sub = randomUUID();
    const todoId = await todoOf(sub);
    const keys = [
      `exports/${sub}.csv`,
      `users/${sub}/todos/${todoId}`, // too short
      `users/${sub}/todos/${todoId}/x/y`, // too deep
      `users/%zz${sub}/todos/${todoId}/01J00000000000000000000000`, // a malformed escape
      `users/%41${sub}/todos/${todoId}/01J00000000000000000000000`, // not how the API encodes a sub
    ];
    for (const key of keys) {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes }));
      await handler(objectCreatedEvent(bucket, key, bytes.length));
      expect(await objectExists(key), key).toBe(true);
    }
  });
});
