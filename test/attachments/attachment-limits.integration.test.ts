import { randomUUID } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulidx';
import { describe, expect, it } from 'vitest';
import { objectKey } from '../../src/storage/attachment-objects';
import { deleteAttachmentRecord, createAttachment as recordAttachment } from '../../src/store/attachments';
import { documentClient, tableName } from '../../src/store/client';
import { AttachmentNotFound } from '../../src/store/errors';
import { cancelNextTransaction } from '../support/interleave';
import {
  attachmentBody,
  bucket,
  createAttachment,
  deleteAttachment,
  listAttachments,
  s3,
  sortKeysInPartition,
  todoOf,
} from './attachment-requests';

/** A record written straight to the store, as a create at another time would have; 11 bytes. */
const RECORD = { fileName: 'notes.txt', contentType: 'text/plain', size: 11 } as const;

describe('attachment limits', () => {
  it.each([
    ['an empty file', { size: 0 }, '/body/size'],
    ['a file over 10 MiB', { size: 10 * 1024 * 1024 + 1 }, '/body/size'],
    ['a type outside the allowlist', { contentType: 'image/svg+xml' }, '/body/contentType'],
    ['a path in the file name', { fileName: '../etc/passwd' }, '/body/fileName'],
    ['a backslash in the file name', { fileName: 'dir\\a.txt' }, '/body/fileName'],
    ['a control character in the file name', { fileName: 'a\r\nb.txt' }, '/body/fileName'],
    ['an empty file name', { fileName: '' }, '/body/fileName'],
    ['a file name over 255 characters', { fileName: `${'a'.repeat(252)}.txt` }, '/body/fileName'],
    ['a size that is not an integer', { size: 1.5 }, '/body/size'],
    ['an extra member', { status: 'uploaded' }, '/body/status'],
  ])('refuses %s with a 400 naming the field', async (_name, overrides, pointer) => {
    const sub = randomUUID();
    const todoId = await todoOf(sub);

    const res = await createAttachment(sub, todoId, attachmentBody(overrides));

    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
    expect(await sortKeysInPartition(sub, 'ATT')).toEqual([]);
  });

  it('accepts exactly 1 B and 10 MiB', async () => {
    const sub = randomUUID();
    const todoId = await todoOf(sub);

    const small = await createAttachment(sub, todoId, attachmentBody({ size: 1 }));
    const large = await createAttachment(sub, todoId, attachmentBody({ size: 10 * 1024 * 1024 }));

    expect([small.status, large.status]).toEqual([201, 201]);
  });

  it('holds at most 20 attachments per todo, even when creates race', async () => {
    const sub = randomUUID();
    const todoId = await todoOf(sub);

    const results = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        createAttachment(sub, todoId, attachmentBody({ fileName: `f${i}.txt` })),
      ),
    );

    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(20);
    expect(statuses.filter((s) => s === 409)).toHaveLength(5);
    const conflict = results.find((r) => r.status === 409);
    expect(conflict?.body.type).toBe('https://swiftyplanner.dev/problems/attachment-limit');
    expect((await sortKeysInPartition(sub, `ATT#${todoId}#`)).length).toBe(20);
  });

  it('gives a slot back when an attachment is deleted', async () => {
    const sub = randomUUID();
    const todoId = await todoOf(sub);
    const created = [];
    for (let i = 0; i < 20; i++) created.push(await createAttachment(sub, todoId, attachmentBody()));
    const full = await createAttachment(sub, todoId, attachmentBody());

    await deleteAttachment(sub, todoId, created[0]?.body.attachment.id);
    const again = await createAttachment(sub, todoId, attachmentBody());

    expect(full.status).toBe(409);
    expect(again.status).toBe(201);
  });

  it('gives back the slots of uploads abandoned long ago when a todo is full, and keeps finished ones', async () => {
    // Prepare: 20 records from an hour ago, their upload URLs long expired; one was uploaded.
    const sub = randomUUID();
    const todoId = await todoOf(sub);
    const anHourAgo = new Date(Date.now() - 60 * 60 * 1000);
    const ids = Array.from({ length: 20 }, () => ulid());
    for (const id of ids) await recordAttachment(sub, todoId, id, RECORD, anHourAgo);
    const [finished = ''] = ids;
    await s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: objectKey(sub, todoId, finished), Body: 'hello world' }),
    );

    // Act
    const created = await createAttachment(sub, todoId, attachmentBody());

    // Assess: 19 abandoned records went; the finished upload stays, now `uploaded`.
    expect(created.status).toBe(201);
    const listed = await listAttachments(sub, todoId);
    expect(listed.body.items.map((a: { id: string; status: string }) => [a.id, a.status])).toEqual([
      [finished, 'uploaded'],
      [created.body.attachment.id, 'pending'],
    ]);
    expect((await sortKeysInPartition(sub, `ATT#${todoId}#`)).length).toBe(2);
  });

  it('answers 409 when the full todo has no abandoned upload to give back', async () => {
    const sub = randomUUID();
    const todoId = await todoOf(sub);
    const aMinuteAgo = new Date(Date.now() - 60 * 1000);
    for (let i = 0; i < 20; i++) await recordAttachment(sub, todoId, ulid(), RECORD, aMinuteAgo);

    const res = await createAttachment(sub, todoId, attachmentBody());

    expect(res.status).toBe(409);
    expect((await sortKeysInPartition(sub, `ATT#${todoId}#`)).length).toBe(20);
  });

  it('retries a transaction conflict when giving a slot back, instead of calling the attachment gone', async () => {
    // Prepare: DynamoDB Local serialises transactions, so the conflict a concurrent create would
    // cause is played once by a spy in front of the client.
    const sub = randomUUID();
    const todoId = await todoOf(sub);
    const id = ulid();
    await recordAttachment(sub, todoId, id, RECORD);
    const conflict = cancelNextTransaction(['None', 'TransactionConflict']);

    // Act
    await deleteAttachmentRecord(sub, todoId, id);

    // Assess
    expect(conflict.count).toBe(1);
    expect(await sortKeysInPartition(sub, `ATT#${todoId}#`)).toEqual([]);
    await expect(deleteAttachmentRecord(sub, todoId, id)).rejects.toThrow(AttachmentNotFound);
  });

  it('retries a transaction conflict when taking a slot, instead of answering 500', async () => {
    // Prepare: on AWS, two creates on one todo update its counter at once; DynamoDB Local
    // serialises them, so the conflict is played once by a spy in front of the client.
    const sub = randomUUID();
    const todoId = await todoOf(sub);
    const conflict = cancelNextTransaction(['None', 'TransactionConflict']);

    // Act
    const created = await createAttachment(sub, todoId, attachmentBody());

    // Assess: one attachment, counted once.
    expect(conflict.count).toBe(1);
    expect(created.status).toBe(201);
    expect(await sortKeysInPartition(sub, `ATT#${todoId}#`)).toEqual([
      `ATT#${todoId}#${created.body.attachment.id}`,
    ]);
    const { Item } = await documentClient.send(
      new GetCommand({
        TableName: tableName,
        Key: { PK: `USER#${sub}`, SK: `ATTCOUNT#${todoId}` },
        ConsistentRead: true,
      }),
    );
    expect(Item?.count).toBe(1);
  });

  it('answers 404 for a todo that does not exist', async () => {
    const sub = randomUUID();
    const res = await createAttachment(sub, '01JD8X3QZ7EV5GS0PMH9R2A4XT', attachmentBody());

    expect(res.status).toBe(404);
    expect(await sortKeysInPartition(sub)).toEqual([]);
  });
});
