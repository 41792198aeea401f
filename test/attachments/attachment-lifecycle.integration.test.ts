import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { tableChangesOf } from '../support/table-changes';
import {
  attachmentBody,
  createAttachment,
  deleteAttachment,
  getAttachment,
  listAttachments,
  objectExists,
  todoOf,
  upload,
} from './attachment-requests';

describe('attachment lifecycle', () => {
  it('uploads through the presigned URL, turns uploaded, and downloads the same bytes', async () => {
    // Prepare
    const sub = randomUUID();
    const todoId = await todoOf(sub);
    const bytes = randomBytes(2048);

    // Act
    const created = await createAttachment(
      sub,
      todoId,
      attachmentBody({
        fileName: 'Räksmörgås "menu".pdf',
        contentType: 'application/pdf',
        size: bytes.length,
      }),
    );
    const before = await getAttachment(sub, todoId, created.body.attachment.id);
    const put = await upload(created, bytes);
    const after = await getAttachment(sub, todoId, created.body.attachment.id);
    const download = await fetch(after.body.download.url);
    const downloaded = new Uint8Array(await download.arrayBuffer());

    // Assess
    expect(created.status).toBe(201);
    expect(created.headers.location).toBe(`/todos/${todoId}/attachments/${created.body.attachment.id}`);
    expect(created.body.attachment).toMatchObject({ todoId, status: 'pending', size: bytes.length });
    expect(created.body.upload.headers).toEqual({
      'Content-Type': 'application/pdf',
      'Content-Length': '2048',
    });
    expect(before.body.attachment.status).toBe('pending');
    expect(before.body.download).toBeUndefined();
    expect(put.status).toBe(200);
    expect(after.body.attachment.status).toBe('uploaded');
    expect(download.status).toBe(200);
    expect(Buffer.from(downloaded).equals(bytes)).toBe(true);
    const disposition = download.headers.get('content-disposition') ?? '';
    expect(disposition).toMatch(/^attachment; filename="R_ksm_rg_s _menu_.pdf"; filename\*=UTF-8''/);
    expect(decodeURIComponent(disposition.split("UTF-8''")[1] ?? '')).toBe('Räksmörgås "menu".pdf');
  });

  it('binds the upload URL to the declared type and length, for 15 minutes', async () => {
    const sub = randomUUID();
    const todoId = await todoOf(sub);
    const before = Date.now();

    const created = await createAttachment(
      sub,
      todoId,
      attachmentBody({ contentType: 'image/png', size: 4096 }),
    );
    const url = new URL(created.body.upload.url);

    // s3rver does not verify signatures, so prove the binding from the URL S3 would verify.
    expect(created.body.upload.method).toBe('PUT');
    expect(url.searchParams.get('X-Amz-SignedHeaders')?.split(';')).toEqual([
      'content-length',
      'content-type',
      'host',
    ]);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('900');
    expect(url.pathname).toBe(
      `/swiftyplanner-attachments/users/${sub}/todos/${todoId}/${created.body.attachment.id}`,
    );
    // S3 counts from X-Amz-Date, a whole second.
    const expiresAt = Date.parse(created.body.upload.expiresAt);
    expect(expiresAt - Math.floor(before / 1000) * 1000).toBeGreaterThanOrEqual(900_000);
    expect(expiresAt - Date.now()).toBeLessThanOrEqual(900_000);
  });

  it('stays pending while the stored object is not the declared size', async () => {
    const sub = randomUUID();
    const todoId = await todoOf(sub);
    const created = await createAttachment(sub, todoId, attachmentBody({ size: 100 }));
    const { url } = created.body.upload;

    // A client that ignores the signed length (s3rver lets it through; S3 would refuse it).
    await fetch(url, { method: 'PUT', headers: { 'Content-Type': 'text/plain' }, body: 'short' });
    const read = await getAttachment(sub, todoId, created.body.attachment.id);

    expect(read.body.attachment.status).toBe('pending');
    expect(read.body.download).toBeUndefined();
  });

  it('lists a todo’s attachments oldest first with their current status', async () => {
    const sub = randomUUID();
    const todoId = await todoOf(sub);
    const first = await createAttachment(sub, todoId, attachmentBody({ fileName: 'a.txt', size: 3 }));
    const second = await createAttachment(sub, todoId, attachmentBody({ fileName: 'b.txt', size: 3 }));
    await upload(second, new TextEncoder().encode('abc'));

    const listed = await listAttachments(sub, todoId);

    expect(listed.status).toBe(200);
    expect(
      listed.body.items.map((a: { fileName: string; status: string }) => [a.fileName, a.status]),
    ).toEqual([
      ['a.txt', 'pending'],
      ['b.txt', 'uploaded'],
    ]);
    expect(listed.body.items[0].id).toBe(first.body.attachment.id);
  });

  it('deletes the metadata, then the object', async () => {
    const sub = randomUUID();
    const changes = await tableChangesOf([sub]);
    const todoId = await todoOf(sub);
    const created = await createAttachment(sub, todoId, attachmentBody({ size: 3 }));
    await upload(created, new TextEncoder().encode('abc'));
    const key = `users/${sub}/todos/${todoId}/${created.body.attachment.id}`;
    expect(await objectExists(key)).toBe(true);

    const deleted = await deleteAttachment(sub, todoId, created.body.attachment.id);
    const again = await deleteAttachment(sub, todoId, created.body.attachment.id);
    const read = await getAttachment(sub, todoId, created.body.attachment.id);
    await changes.idle();
    await changes.close();

    expect(deleted.status).toBe(204);
    expect(again.status).toBe(404);
    expect(read.status).toBe(404);
    expect(await objectExists(key)).toBe(false);
  });
});
