/**
 * Writes many todos, attachments and files straight into the table and the bucket, with the stores'
 * own item builders, so the scaling benchmarks start from realistic partitions in seconds rather
 * than through thousands of API calls.
 */
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { newTodo } from '../requests';

const BATCH = 25;
const PARALLEL = 4;

/** `count` todos of `sub` (no tags: one item each), written 25 per BatchWriteItem. Their ids. */
export async function seedTodos(sub: string, count: number): Promise<string[]> {
  const { documentClient, tableName } = await import('../../src/store/client');
  const { newTodoId } = await import('../../src/store/todos');
  const { todoItemOf } = await import('../../src/store/todos-items');
  const { todoFromCreate } = await import('../../src/operations/todos/todo-changes');
  const now = new Date();
  const items = Array.from({ length: count }, () =>
    todoItemOf(sub, todoFromCreate(newTodoId(), newTodo, now)),
  );
  const batches: (typeof items)[] = [];
  for (let i = 0; i < items.length; i += BATCH) batches.push(items.slice(i, i + BATCH));
  for (let i = 0; i < batches.length; i += PARALLEL) {
    await Promise.all(
      batches.slice(i, i + PARALLEL).map(async (batch) => {
        let pending: Record<string, unknown>[] = batch.map((Item) => ({ PutRequest: { Item } }));
        while (pending.length > 0) {
          const out = await documentClient.send(
            new BatchWriteCommand({ RequestItems: { [tableName]: pending } }),
          );
          pending = (out.UnprocessedItems?.[tableName] ?? []) as typeof pending;
        }
      }),
    );
  }
  return items.map((item) => item.id);
}

/**
 * `count` attachments spread over `todoIds` (at most 20 per todo, the contract's limit), each with its
 * metadata record (through the attachments store) and its file in the bucket.
 */
export async function seedAttachments(sub: string, todoIds: string[], count: number): Promise<void> {
  const { createAttachment } = await import('../../src/store/attachments');
  const { objectKey } = await import('../../src/storage/attachment-objects');
  const { bucketName, s3Client } = await import('../../src/storage/s3-client');
  const { randomUUID } = await import('node:crypto');
  for (let i = 0; i < count; i++) {
    const todoId = todoIds[Math.floor(i / 5)];
    if (!todoId) throw new Error(`Seeding ${count} attachments needs ${Math.ceil(count / 5)} todos`);
    const attachmentId = randomUUID();
    const body = `attachment ${i}`;
    await createAttachment(sub, todoId, attachmentId, {
      fileName: `note-${i}.txt`,
      contentType: 'text/plain',
      size: body.length,
    });
    await s3Client.send(
      new PutObjectCommand({ Bucket: bucketName, Key: objectKey(sub, todoId, attachmentId), Body: body }),
    );
  }
}
