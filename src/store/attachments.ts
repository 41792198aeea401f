/**
 * Attachment metadata: one record per attachment and one counter per todo (keys: ./keys.ts; access
 * patterns: docs/store.md). The counter is its own item, not an attribute of the todo, so that the
 * todo's version, ETag and writes are untouched by attachments.
 */
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { components } from '../../generated/openapi';
import { documentClient, tableName } from './client';
import { conditionalWrite, LOST_RACE } from './conditional-write';
import { AttachmentLimitReached, AttachmentNotFound, TodoNotFound } from './errors';
import {
  ATTACHMENTS_PREFIX,
  attachmentCounterKey,
  attachmentKey,
  attachmentPrefix,
  todoKey,
  userPartition,
} from './keys';
import { pagesOf } from './partition-range';
import type { DependentDelete } from './todos-delete';
import { afterRefusal, usageUpdate } from './usage';

export type Attachment = components['schemas']['Attachment'];
type AttachmentCreate = components['schemas']['AttachmentCreate'];

export const MAX_ATTACHMENTS_PER_TODO = 20;

function toAttachment(item: Record<string, unknown>): Attachment {
  const { id, todoId, fileName, contentType, size, status, createdAt } = item as Attachment;
  return { id, todoId, fileName, contentType, size, status, createdAt };
}

/**
 * Records a pending attachment. One transaction, all or nothing:
 *
 *   1. ConditionCheck TODO#<todoId> exists     fails → TodoNotFound (absent, or another user's)
 *   2. Update ATTCOUNT#<todoId>: count += 1     fails when count is already 20 → AttachmentLimitReached
 *   3. Put ATT#<todoId>#<id>, attribute_not_exists
 *   4. Update USAGE: bytes += size              fails when they would pass the caller's quota →
 *                                               AttachmentStorageFull (./usage.ts)
 *
 * Two racing creates for the 20th slot both read count = 19; DynamoDB serialises the transactions,
 * so the second one sees 20 and is cancelled: the limit cannot be overshot. A TransactionConflict
 * (another create, a delete or the todo's change on these items at that moment) or a throttle decided
 * nothing: the transaction is tried again (./conditional-write.ts).
 */
export async function createAttachment(
  sub: string,
  todoId: string,
  attachmentId: string,
  input: AttachmentCreate,
  now = new Date(),
): Promise<Attachment> {
  const attachment: Attachment = {
    id: attachmentId,
    todoId,
    fileName: input.fileName,
    contentType: input.contentType,
    size: input.size,
    status: 'pending',
    createdAt: now.toISOString(),
  };
  return conditionalWrite(() => ({
    items: [
      {
        ConditionCheck: {
          TableName: tableName,
          Key: todoKey(sub, todoId),
          ConditionExpression: 'attribute_exists(PK)',
        },
      },
      {
        Update: {
          TableName: tableName,
          Key: attachmentCounterKey(sub, todoId),
          UpdateExpression: 'SET #count = if_not_exists(#count, :zero) + :one',
          ConditionExpression: 'attribute_not_exists(#count) OR #count < :max',
          ExpressionAttributeNames: { '#count': 'count' },
          ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':max': MAX_ATTACHMENTS_PER_TODO },
        },
      },
      {
        Put: {
          TableName: tableName,
          Item: { ...attachmentKey(sub, todoId, attachmentId), type: 'attachment', ...attachment },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      usageUpdate(sub, { attachmentBytes: input.size }),
    ],
    committed: attachment,
    conditionFailed: (failed, cause) => {
      if (failed[0]) throw new TodoNotFound(todoId, { cause });
      if (failed[1]) throw new AttachmentLimitReached(todoId, MAX_ATTACHMENTS_PER_TODO, { cause });
      if (failed[3]) return afterRefusal(sub, { attachmentBytes: input.size }, now);
      throw cause; // a new attachment id is no stored record's
    },
  }));
}

/** Throws TodoNotFound unless the caller owns the todo. */
export async function assertTodoExists(sub: string, todoId: string): Promise<void> {
  const { Item } = await documentClient.send(
    new GetCommand({
      TableName: tableName,
      Key: todoKey(sub, todoId),
      ProjectionExpression: 'PK',
    }),
  );
  if (!Item) throw new TodoNotFound(todoId);
}

/** A todo's attachment records, oldest first: at most 20 small items, so always one page. */
async function attachmentItemsOf(
  sub: string,
  todoId: string,
  options: { keysAndSize?: boolean; consistent?: boolean } = {},
): Promise<Record<string, unknown>[]> {
  const { Items = [] } = await documentClient.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': userPartition(sub), ':prefix': attachmentPrefix(todoId) },
      ...(options.keysAndSize && {
        ProjectionExpression: 'PK, SK, #size',
        ExpressionAttributeNames: { '#size': 'size' },
      }),
      ...(options.consistent && { ConsistentRead: true }),
    }),
  );
  return Items;
}

export async function listAttachments(sub: string, todoId: string): Promise<Attachment[]> {
  return (await attachmentItemsOf(sub, todoId)).map(toAttachment);
}

/**
 * Every `pending` attachment of the caller, across todos: for giving back the bytes of uploads
 * abandoned long ago when the caller's storage is full. A filtered Query of the whole `ATT#` range,
 * page by page: it reads every attachment record, so only that rare refusal asks for it.
 */
export async function pendingAttachmentsOf(sub: string): Promise<Attachment[]> {
  const pending: Attachment[] = [];
  const filter = {
    FilterExpression: '#status = :pending',
    ExpressionAttributeNames: { '#status': 'status' },
    ExpressionAttributeValues: { ':pending': 'pending' },
  };
  for await (const page of pagesOf(sub, ATTACHMENTS_PREFIX, filter))
    for (const item of page.Items ?? []) pending.push(toAttachment(item));
  return pending;
}

export async function getAttachment(sub: string, todoId: string, attachmentId: string): Promise<Attachment> {
  const attachment = await findAttachment(sub, todoId, attachmentId);
  if (!attachment) throw new AttachmentNotFound(todoId, attachmentId);
  return attachment;
}

/**
 * The attachment, or undefined when it has no record. `consistent` for a decision that must not
 * act on a stale answer (a record written a moment ago may be missing from an eventual read).
 */
export async function findAttachment(
  sub: string,
  todoId: string,
  attachmentId: string,
  { consistent = false } = {},
): Promise<Attachment | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({
      TableName: tableName,
      Key: attachmentKey(sub, todoId, attachmentId),
      ...(consistent && { ConsistentRead: true }),
    }),
  );
  return Item ? toAttachment(Item) : undefined;
}

/** pending → uploaded, once; a concurrent reader that already flipped it is fine. */
export async function markUploaded(sub: string, attachment: Attachment): Promise<Attachment> {
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: tableName,
        Key: attachmentKey(sub, attachment.todoId, attachment.id),
        UpdateExpression: 'SET #status = :uploaded',
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':uploaded': 'uploaded', ':pending': 'pending' },
      }),
    );
  } catch (error) {
    if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
  }
  return { ...attachment, status: 'uploaded' };
}

/**
 * Deletes one attachment's metadata and gives its slot and its bytes back, atomically;
 * AttachmentNotFound when absent. The record is read first for its size (which never changes):
 *
 *   TransactWriteItems
 *     [0] Delete ATT#<todoId>#<id>   attribute_exists(PK)   fails → AttachmentNotFound (absent, or gone)
 *     [1] Update ATTCOUNT#<todoId>   count > 0, count -= 1
 *     [2] Update USAGE               bytes >= size, bytes -= size (./usage.ts)
 *
 * [1] fails while [0] holds only when the counter went first: the erase of the user (./purge-user.ts)
 * deletes the partition's items in batches, in no particular order. The record is going anyway, so
 * the next attempt deletes it without the slot, on condition that the counter is still gone (or at 0):
 *
 *     [0] Delete ATT#<todoId>#<id>   attribute_exists(PK)
 *     [1] ConditionCheck ATTCOUNT    attribute_not_exists(count) OR count <= 0   fails → counted form again
 *     [2] Update USAGE               as above (a usage the erase deleted is counted afresh, ./usage.ts)
 *
 * A `TransactionConflict` (a create or the todo's delete touching the same items at that moment) or
 * a throttle is not an answer: the transaction is tried again (./conditional-write.ts).
 */
export async function deleteAttachmentRecord(
  sub: string,
  todoId: string,
  attachmentId: string,
): Promise<void> {
  const record = {
    Delete: {
      TableName: tableName,
      Key: attachmentKey(sub, todoId, attachmentId),
      ConditionExpression: 'attribute_exists(PK)',
    },
  };
  const names = { '#count': 'count' };
  const giveSlotBack = {
    Update: {
      TableName: tableName,
      Key: attachmentCounterKey(sub, todoId),
      UpdateExpression: 'SET #count = #count - :one',
      ConditionExpression: '#count > :zero',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: { ':zero': 0, ':one': 1 },
    },
  };
  const noSlotToGiveBack = {
    ConditionCheck: {
      TableName: tableName,
      Key: attachmentCounterKey(sub, todoId),
      ConditionExpression: 'attribute_not_exists(#count) OR #count <= :zero',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: { ':zero': 0 },
    },
  };
  let counted = true;
  await conditionalWrite(async () => {
    const stored = await findAttachment(sub, todoId, attachmentId, { consistent: true });
    if (!stored) throw new AttachmentNotFound(todoId, attachmentId);
    const change = { attachmentBytes: -stored.size };
    return {
      items: [record, counted ? giveSlotBack : noSlotToGiveBack, usageUpdate(sub, change)],
      committed: undefined,
      conditionFailed: (failed, cause) => {
        if (failed[0]) throw new AttachmentNotFound(todoId, attachmentId, { cause });
        // The usage alone: settle it (counted afresh where missing or wrong), then plan again.
        if (failed[2] && !failed[1]) return afterRefusal(sub, change);
        counted = !counted; // the counter is not what this form expected: try the other one
        return LOST_RACE;
      },
    };
  });
}

/**
 * Everything a todo's attachments left in the table, for the todo's delete transaction (at most
 * 20 records + the counter, well within a transaction's 100 items). Each record's delete carries
 * "still there" and the counter's "still the count read": together they pin the set that was read,
 * so an attachment created after this read (even with another deleted, the count unchanged) makes
 * the transaction fail, and the todo's delete reads again instead of leaving a record behind.
 *
 * The counter is read first, then the records: a create between the two reads shows in the records
 * and not in the count, and fails the transaction. The count read is pinned, not the number of
 * records: the erase of the user (./purge-user.ts) deletes records without counting them down, and a
 * todo delete racing it must still go through.
 */
export async function attachmentRecordsOfTodo(sub: string, todoId: string): Promise<DependentDelete[]> {
  const { Item: counterItem } = await documentClient.send(
    new GetCommand({ TableName: tableName, Key: attachmentCounterKey(sub, todoId), ConsistentRead: true }),
  );
  const items = await attachmentItemsOf(sub, todoId, { keysAndSize: true, consistent: true });
  const records: DependentDelete[] = items.map((i) => ({
    PK: String(i.PK),
    SK: String(i.SK),
    condition: { expression: 'attribute_exists(PK)' },
    attachmentBytes: Number(i.size ?? 0),
  }));
  const counter: DependentDelete = {
    ...attachmentCounterKey(sub, todoId),
    condition:
      typeof counterItem?.count === 'number'
        ? {
            expression: '#count = :count',
            names: { '#count': 'count' },
            values: { ':count': counterItem.count },
          }
        : { expression: 'attribute_not_exists(PK)' },
  };
  return [...records, counter];
}
