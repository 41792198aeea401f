import { monotonicFactory } from 'ulidx';
import { tableName } from './client';
import { conditionalWrite, LOST_RACE } from './conditional-write';
import { IdempotencyKeyReused } from './errors';
import {
  type IdempotencyClaim,
  type IdempotencyRecord,
  idempotencyClaimPut,
  readIdempotencyRecord,
  recordExpiryOf,
} from './idempotency';
import { type Todo, tagPointerItemOf, todoItemOf } from './todos-items';
import { findTodo } from './todos-read';
import { afterRefusal, type UsageChange, usageUpdate } from './usage';

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
 * Stores a new todo, its tag pointers, the caller's usage (+1 todo, and a claimed key) and (with an
 * Idempotency-Key) the key's record in ONE transaction. Two requests racing with the same key:
 *
 *   A: TransactWrite [todo a, pointers, usage, claim key] ──commits──────────────────────▶ 201 todo a
 *   B: TransactWrite [todo b, pointers, usage, claim key] ──cancelled (claim: ConditionalCheckFailed
 *      or TransactionConflict) ── read record (consistent) ── same request hash ─────────▶ 201 todo a
 *                                                          └─ other request hash ────────▶ 409
 *
 * Todo b is never written (the transaction is all or nothing), so exactly one todo exists. The
 * usage's condition keeps the caller within the quotas (./usage.ts): at the limit the create is
 * refused (TodoLimitReached, IdempotencyKeyLimitReached), and a replay is answered before that.
 * Without the quotas a todo with no tags and no key was one conditional PutItem (2 write units:
 * the item and its GSI1 entry); counting it makes it a transaction of two items (6 write units,
 * docs/store.md). Every create is a transaction, so a retry after a lost answer (DynamoDB applied
 * it, the SDK timed out and sent it again) carries the SDK's ClientRequestToken and is answered as
 * the success it was: a plain PutItem's retry failed its own attribute_not_exists instead.
 */
export async function putNewTodo(
  sub: string,
  todo: Todo,
  claim?: IdempotencyClaim,
  now = new Date(),
): Promise<CreatedTodo> {
  const created: CreatedTodo = { todo, replayed: false };
  return conditionalWrite(() => {
    const claimPut = claim ? idempotencyClaimPut(sub, claim, todo, now) : undefined;
    const change: UsageChange = { todos: 1, ...(claim && { keyExpiresAt: recordExpiryOf(now) }) };
    const items = [
      {
        Put: {
          TableName: tableName,
          Item: todoItemOf(sub, todo),
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      ...todo.tags.map((tag) => ({ Put: { TableName: tableName, Item: tagPointerItemOf(sub, todo, tag) } })),
      usageUpdate(sub, change),
      ...(claimPut ? [claimPut] : []),
    ];
    const usageAt = 1 + todo.tags.length;
    return {
      items,
      committed: created,
      conditionFailed: async (failed, cause) => {
        // The claim (the last item) first: a retry of a create that succeeded is answered as it was,
        // whatever the quotas say now. A new ulid is no stored todo's, so the todo's Put never fails.
        if (claim && failed.at(-1)) {
          const record = await readIdempotencyRecord(sub, claim.key, new Date());
          // No record: it expired between the claim and the read, so claim it again.
          return record ? replay(sub, record, claim) : LOST_RACE;
        }
        if (failed[usageAt]) return afterRefusal(sub, change, now);
        throw cause;
      },
    };
  });
}

async function replay(sub: string, record: IdempotencyRecord, claim: IdempotencyClaim): Promise<CreatedTodo> {
  if (record.requestHash !== claim.requestHash) throw new IdempotencyKeyReused(claim.key);
  // The todo as it is now; if it was deleted since, the answer the first request got.
  const todo = (await findTodo(sub, record.todoId)) ?? record.todo;
  return { todo, replayed: true };
}
