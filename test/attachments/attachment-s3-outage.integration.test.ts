/**
 * While S3 does not answer, reading attachments still works (the stored status stands), and nothing
 * takes the failed check for a missing object: the reclaim of abandoned uploads deletes no record.
 */
import { randomUUID } from 'node:crypto';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { ulid } from 'ulidx';
import { describe, expect, it } from 'vitest';
import { createAttachment as recordAttachment } from '../../src/store/attachments';
import {
  attachmentBody,
  createAttachment,
  failS3Calls,
  getAttachment,
  listAttachments,
  sortKeysInPartition,
  todoOf,
} from './attachment-requests';

describe('attachments while S3 does not answer', () => {
  it('reads a pending attachment, alone and in its list, with the status stored', async () => {
    const sub = randomUUID();
    const todoId = await todoOf(sub);
    const created = await createAttachment(sub, todoId, attachmentBody());
    const outage = failS3Calls(ListObjectsV2Command);

    const read = await getAttachment(sub, todoId, created.body.attachment.id);
    const asked = outage.count;
    const listed = await listAttachments(sub, todoId);

    // Each read asked S3 whether the upload had landed, and met the outage.
    expect([asked, outage.count]).toEqual([1, 2]);
    expect(read.status).toBe(200);
    expect(read.body.attachment.status).toBe('pending');
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((a: { status: string }) => a.status)).toEqual(['pending']);
  });

  it('keeps every record of a full todo when the abandoned-upload check cannot ask S3', async () => {
    const sub = randomUUID();
    const todoId = await todoOf(sub);
    const anHourAgo = new Date(Date.now() - 60 * 60 * 1000);
    const record = { fileName: 'old.txt', contentType: 'text/plain', size: 11 } as const;
    for (let i = 0; i < 20; i++) await recordAttachment(sub, todoId, ulid(), record, anHourAgo);
    const outage = failS3Calls(ListObjectsV2Command);

    const created = await createAttachment(sub, todoId, attachmentBody());

    expect(outage.count).toBe(1);
    expect(created.status).toBe(503);
    expect(await sortKeysInPartition(sub, `ATT#${todoId}#`)).toHaveLength(20);
  });
});
