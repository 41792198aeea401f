import { type AttributeValue, ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { monotonicFactory } from 'ulidx';
import { documentClient, tableName } from './client';
import { conditionalWrite, LOST_RACE } from './conditional-write';
import { IdempotencyKeyReused } from './errors';
import {
  type IdempotencyClaim,
  type IdempotencyRecord,
  idempotencyClaimPut,
  readIdempotencyRecord,
} from './idempotency';
import { type Todo, tagPointerItemOf, todoItemOf } from './todos-items';
import { findTodo } from './todos-read';

/**
 * Todo ids are ULIDs: time-ordered, so "newest first" is "sort key descending". The monotonic
 * factory keeps ids made within one millisecond in creation order too (one factory per container).
 */
const nextUlid = monotonicFactory();
export const newTodoId = (): string => nextUlid();

export interface CreatedTodo {
  todo: Todo;
  /** True when an earlier request with the same Idempotency-Key created it. */
  replayed: boolean;
}

/**
 * Stores a new todo, its tag pointers and (with an Idempotency-Key) the key's record in ONE
 * transaction (a todo with neither is one conditional PutItem, ./putSingleTodo below). A retry of the
 * transaction after a lost answer carries the SDK's ClientRequestToken, and DynamoDB answers it as
 * the success it was. Two requests racing with the same key:
 *
 *   A: TransactWrite [todo a, pointers, claim key] ──commits──────────────────────────────▶ 201 todo a
 *   B: TransactWrite [todo b, pointers, claim key] ──cancelled (claim: ConditionalCheckFailed
 *      or TransactionConflict) ── read record (consistent) ── same request hash ─────────▶ 201 todo a
 *                                                          └─ other request hash ────────▶ 409
 *
 * Todo b is never written (the transaction is all or nothing), so exactly one todo exists.
 */
export async function putNewTodo(
  sub: string,
  todo: Todo,
  claim?: IdempotencyClaim,
  now = new Date(),
): Promise<CreatedTodo> {
  const created: CreatedTodo = { todo, replayed: false };
  if (todo.tags.length === 0 && !claim) {
    await putSingleTodo(sub, todo);
    return created;
  }
  return conditionalWrite(() => ({
    items: [
      {
        Put: {
          TableName: tableName,
          Item: todoItemOf(sub, todo),
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      ...todo.tags.map((tag) => ({ Put: { TableName: tableName, Item: tagPointerItemOf(sub, todo, tag) } })),
      ...(claim ? [idempotencyClaimPut(sub, claim, todo, now)] : []),
    ],
    committed: created,
    conditionFailed: async (failed, cause) => {
      // Only the claim (the last item) can fail its condition: a new ulid is no stored todo's.
      if (!claim || !failed.at(-1)) throw cause;
      const record = await readIdempotencyRecord(sub, claim.key, new Date());
      // No record: it expired between the claim and the read, so claim it again.
      return record ? replay(sub, record, claim) : LOST_RACE;
    },
  }));
}

/**
 * A single item needs no transaction: a conditional PutItem costs half the write units of a one-item
 * TransactWriteItems and answers sooner. But a PutItem carries no ClientRequestToken, so the SDK's
 * retry of one whose answer was lost (a timeout after DynamoDB applied it) fails its own condition:
 *
 *   attempt 1: Put TODO#<ulid> IF attribute_not_exists(PK) ── applied ── answer lost (timeout)
 *   attempt 2: the same Put ── ConditionalCheckFailed, ALL_OLD = the item attempt 1 wrote
 *
 * The ulid is fresh (no one else can know it yet), so an item under it was written by this request;
 * its `createdAt` (this request's clock) confirms it. That failure is the success it hides.
 */
async function putSingleTodo(sub: string, todo: Todo): Promise<void> {
  try {
    await documentClient.send(
      new PutCommand({
        TableName: tableName,
        Item: todoItemOf(sub, todo),
        ConditionExpression: 'attribute_not_exists(PK)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
  } catch (error) {
    if (!(error instanceof ConditionalCheckFailedException && writtenBy(error.Item, todo))) throw error;
  }
}

/** Whether the stored item (as DynamoDB returned it, not unmarshalled) is the todo this request wrote. */
function writtenBy(stored: Record<string, AttributeValue> | undefined, todo: Todo): boolean {
  return stored?.id?.S === todo.id && stored.createdAt?.S === todo.createdAt;
}

async function replay(sub: string, record: IdempotencyRecord, claim: IdempotencyClaim): Promise<CreatedTodo> {
  if (record.requestHash !== claim.requestHash) throw new IdempotencyKeyReused(claim.key);
  // The todo as it is now; if it was deleted since, the answer the first request got.
  const todo = (await findTodo(sub, record.todoId)) ?? record.todo;
  return { todo, replayed: true };
}
