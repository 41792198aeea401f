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
 * transaction (a todo with neither is one conditional PutItem). Two requests racing with the same key:
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
    // A single item needs no transaction: a conditional PutItem costs half the write units of a
    // one-item TransactWriteItems and answers sooner.
    await documentClient.send(
      new PutCommand({
        TableName: tableName,
        Item: todoItemOf(sub, todo),
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
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

async function replay(sub: string, record: IdempotencyRecord, claim: IdempotencyClaim): Promise<CreatedTodo> {
  if (record.requestHash !== claim.requestHash) throw new IdempotencyKeyReused(claim.key);
  // The todo as it is now; if it was deleted since, the answer the first request got.
  const todo = (await findTodo(sub, record.todoId)) ?? record.todo;
  return { todo, replayed: true };
}
