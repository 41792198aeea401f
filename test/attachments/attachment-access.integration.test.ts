import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  attachmentBody,
  createAttachment,
  createTodo,
  deleteAttachment,
  getAttachment,
  listAttachments,
  objectExists,
  upload,
} from './attachment-requests';

/** Alice owns a todo with one uploaded attachment; Bob tries every attachment operation on it. */
async function alicesAttachment() {
  const alice = randomUUID();
  const todoId = (await createTodo(alice)).body.id as string;
  const created = await createAttachment(alice, todoId, attachmentBody({ size: 3 }));
  await upload(created, new TextEncoder().encode('abc'));
  const attachmentId = created.body.attachment.id as string;
  return { alice, todoId, attachmentId, key: `users/${alice}/todos/${todoId}/${attachmentId}` };
}

describe('another user’s attachments', () => {
  it('answers 404 to every operation and leaves the attachment as it was', async () => {
    const { alice, todoId, attachmentId, key } = await alicesAttachment();
    const bob = randomUUID();
    await createTodo(bob); // Bob exists and owns todos of his own.

    const results = await Promise.all([
      createAttachment(bob, todoId, attachmentBody()),
      listAttachments(bob, todoId),
      getAttachment(bob, todoId, attachmentId),
      deleteAttachment(bob, todoId, attachmentId),
    ]);

    expect(results.map((r) => r.status)).toEqual([404, 404, 404, 404]);
    for (const r of results) expect(r.body.type).toBe('https://swiftyplanner.dev/problems/not-found');
    const still = await getAttachment(alice, todoId, attachmentId);
    expect(still.body.attachment.status).toBe('uploaded');
    expect((await listAttachments(alice, todoId)).body.items).toHaveLength(1);
    expect(await objectExists(key)).toBe(true);
  });

  it('answers 404 for an attachment id under another of the caller’s todos', async () => {
    const { alice, attachmentId } = await alicesAttachment();
    const otherTodo = (await createTodo(alice)).body.id as string;

    const res = await getAttachment(alice, otherTodo, attachmentId);

    expect(res.status).toBe(404);
  });
});
