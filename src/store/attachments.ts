/**
 * Attachment metadata. Access patterns (partition USER#<sub>, so erasing a user takes them along):
 *
 *   item                         PK            SK
 *   attachment metadata          USER#<sub>    ATT#<todoId>#<attachmentId>
 *   per-todo attachment counter  USER#<sub>    ATTCOUNT#<todoId>        { count }
 *
 *   - list a todo's attachments: Query PK=USER#<sub>, begins_with(SK, 'ATT#<todoId>#'), oldest first
 *   - read one:                  GetItem
 *   - create:                    one transaction (below) so the 20-per-todo limit holds under races
 *   - delete a todo's:           Query the keys, delete them with the counter in one transaction
 *
 * The counter is its own item (not an attribute of the todo) so that the todo's version, ETag and
 * writes are untouched by attachments; its SK does not start with TODO# so todo listings skip it.
 */
import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { components } from '../../generated/openapi';
import { ConflictError, NotFoundError } from '../http/errors';
import { documentClient, tableName } from './client';
import { userPartition as userKey } from './keys';
import type { DependentDelete } from './todos-delete';
import { backoff, cancellationCodes, MAX_WRITE_ATTEMPTS, retryableCancellation } from './todos-transaction';

export type Attachment = components['schemas']['Attachment'];
type AttachmentCreate = components['schemas']['AttachmentCreate'];

export const MAX_ATTACHMENTS_PER_TODO = 20;

const todoSortKey = (todoId: string) => `TODO#${todoId}`;
const attachmentSortKey = (todoId: string, attachmentId: string) => `ATT#${todoId}#${attachmentId}`;
const counterSortKey = (todoId: string) => `ATTCOUNT#${todoId}`;

function toAttachment(item: Record<string, unknown>): Attachment {
  const { id, todoId, fileName, contentType, size, status, createdAt } = item as Attachment;
  return { id, todoId, fileName, contentType, size, status, createdAt };
}

const todoNotFound = (todoId: string, cause?: unknown) =>
  new NotFoundError(`No todo ${todoId}.`, cause === undefined ? undefined : { cause });

/**
 * Records a pending attachment. One transaction, all or nothing:
 *
 *   1. ConditionCheck TODO#<todoId> exists        fails → 404 (absent, or another user's: same key space)
 *   2. Update ATTCOUNT#<todoId>: count += 1        fails when count is already 20 → 409
 *   3. Put ATT#<todoId>#<id>, attribute_not_exists
 *
 * Two racing creates for the 20th slot both read count = 19; DynamoDB serialises the transactions,
 * so the second one sees 20 and is cancelled: the limit cannot be overshot.
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
  // A TransactionConflict (another create, a delete or the todo's change on these items at that
  // moment) or a throttle cancelled everything: try again, a few times, before the error goes up.
  for (let attempt = 1; ; attempt++) {
    try {
      await documentClient.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              ConditionCheck: {
                TableName: tableName,
                Key: { PK: userKey(sub), SK: todoSortKey(todoId) },
                ConditionExpression: 'attribute_exists(PK)',
              },
            },
            {
              Update: {
                TableName: tableName,
                Key: { PK: userKey(sub), SK: counterSortKey(todoId) },
                UpdateExpression: 'SET #count = if_not_exists(#count, :zero) + :one',
                ConditionExpression: 'attribute_not_exists(#count) OR #count < :max',
                ExpressionAttributeNames: { '#count': 'count' },
                ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':max': MAX_ATTACHMENTS_PER_TODO },
              },
            },
            {
              Put: {
                TableName: tableName,
                Item: {
                  PK: userKey(sub),
                  SK: attachmentSortKey(todoId, attachmentId),
                  type: 'attachment',
                  ...attachment,
                },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
          ],
        }),
      );
      return attachment;
    } catch (error) {
      const codes = cancellationCodes(error);
      if (codes?.[0] === 'ConditionalCheckFailed') throw todoNotFound(todoId, error);
      if (codes?.[1] === 'ConditionalCheckFailed') {
        throw new ConflictError(
          'attachment-limit',
          'Too many attachments',
          `A todo holds at most ${MAX_ATTACHMENTS_PER_TODO} attachments. Delete one before adding another.`,
          { cause: error },
        );
      }
      if (!codes || !retryableCancellation(codes) || attempt >= MAX_WRITE_ATTEMPTS) throw error;
      await backoff(attempt);
    }
  }
}

/** Throws 404 unless the caller owns the todo. */
export async function assertTodoExists(sub: string, todoId: string): Promise<void> {
  const { Item } = await documentClient.send(
    new GetCommand({
      TableName: tableName,
      Key: { PK: userKey(sub), SK: todoSortKey(todoId) },
      ProjectionExpression: 'PK',
    }),
  );
  if (!Item) throw todoNotFound(todoId);
}

/** A todo's attachment records, oldest first: at most 20 small items, so always one page. */
async function attachmentItemsOf(
  sub: string,
  todoId: string,
  options: { keysOnly?: boolean; consistent?: boolean } = {},
): Promise<Record<string, unknown>[]> {
  const { Items = [] } = await documentClient.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
      ExpressionAttributeValues: { ':pk': userKey(sub), ':prefix': `ATT#${todoId}#` },
      ...(options.keysOnly && { ProjectionExpression: 'PK, SK' }),
      ...(options.consistent && { ConsistentRead: true }),
    }),
  );
  return Items;
}

export async function listAttachments(sub: string, todoId: string): Promise<Attachment[]> {
  return (await attachmentItemsOf(sub, todoId)).map(toAttachment);
}

export async function getAttachment(sub: string, todoId: string, attachmentId: string): Promise<Attachment> {
  const attachment = await findAttachment(sub, todoId, attachmentId);
  if (!attachment) throw new NotFoundError(`No attachment ${attachmentId} on todo ${todoId}.`);
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
      Key: { PK: userKey(sub), SK: attachmentSortKey(todoId, attachmentId) },
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
        Key: { PK: userKey(sub), SK: attachmentSortKey(attachment.todoId, attachment.id) },
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
 * Deletes one attachment's metadata and gives its slot back, atomically; 404 when absent.
 *
 *   TransactWriteItems
 *     [0] Delete ATT#<todoId>#<id>      attribute_exists(PK)   fails → 404 (absent, or deleted meanwhile)
 *     [1] Update ATTCOUNT#<todoId>      count > 0, count -= 1
 *
 * A `TransactionConflict` (a create or the todo's delete touching the same items at that moment) or
 * a throttle is not an answer: the transaction is tried again, a few times, before the error goes up.
 */
export async function deleteAttachmentRecord(
  sub: string,
  todoId: string,
  attachmentId: string,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await documentClient.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Delete: {
                TableName: tableName,
                Key: { PK: userKey(sub), SK: attachmentSortKey(todoId, attachmentId) },
                ConditionExpression: 'attribute_exists(PK)',
              },
            },
            {
              Update: {
                TableName: tableName,
                Key: { PK: userKey(sub), SK: counterSortKey(todoId) },
                UpdateExpression: 'SET #count = #count - :one',
                ConditionExpression: '#count > :zero',
                ExpressionAttributeNames: { '#count': 'count' },
                ExpressionAttributeValues: { ':zero': 0, ':one': 1 },
              },
            },
          ],
        }),
      );
      return;
    } catch (error) {
      const codes = cancellationCodes(error);
      if (codes?.[0] === 'ConditionalCheckFailed') {
        throw new NotFoundError(`No attachment ${attachmentId} on todo ${todoId}.`, { cause: error });
      }
      if (!codes || !retryableCancellation(codes) || attempt >= MAX_WRITE_ATTEMPTS) throw error;
      await backoff(attempt);
    }
  }
}

/**
 * Everything a todo's attachments left in the table, for the todo's delete transaction (at most
 * 20 records + the counter, well within a transaction's 100 items). Each record's delete carries
 * "still there" and the counter's "still exactly this many": together they pin the set that was
 * read, so an attachment created after this read (even with another deleted, the count unchanged)
 * makes the transaction fail, and the todo's delete reads again instead of leaving a record behind.
 */
export async function attachmentRecordsOfTodo(sub: string, todoId: string): Promise<DependentDelete[]> {
  const items = await attachmentItemsOf(sub, todoId, { keysOnly: true, consistent: true });
  const records: DependentDelete[] = items.map((i) => ({
    PK: String(i.PK),
    SK: String(i.SK),
    condition: { expression: 'attribute_exists(PK)' },
  }));
  const counter: DependentDelete = {
    PK: userKey(sub),
    SK: counterSortKey(todoId),
    condition: {
      expression: 'attribute_not_exists(PK) OR #count = :count',
      names: { '#count': 'count' },
      values: { ':count': records.length },
    },
  };
  return [...records, counter];
}
