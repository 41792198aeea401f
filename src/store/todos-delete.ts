import { tableName } from './client';
import { conditionalWrite, LOST_RACE } from './conditional-write';
import { assertIfMatch, type IfMatch } from './if-match';
import { type TableKey, tagPointerKey, todoKey } from './keys';
import { type Todo, todoTag } from './todos-items';
import { readTodo } from './todos-read';
import { afterRefusal, type UsageChange, usageUpdate } from './usage';

/** An item deleted with the todo, optionally under its own condition (e.g. "no attachment was added meanwhile"). */
export interface DependentDelete extends TableKey {
  condition?: { expression: string; names?: Record<string, string>; values?: Record<string, unknown> };
  /** The bytes of the caller's attachment quota it held, given back with it. */
  attachmentBytes?: number;
}

/**
 * Deletes the todo, its tag pointers and `alsoDelete` (the todo's attachment records, supplied by
 * the attachments feature) in ONE transaction, conditional on the version read, and gives their
 * quota back (the caller's usage: 1 todo, the attachments' bytes; ./usage.ts): a stale If-Match →
 * VersionMismatch, absent → TodoNotFound, and a concurrent change either lands before (and is
 * deleted with it) or is refused; so is a dependent item whose own condition fails (re-read, retried
 * as updateTodo is, ./todos-update.ts). Returns the deleted todo.
 * At most 1 + 10 tags + `alsoDelete` + 1 items: keep `alsoDelete` under 88 (a transaction takes 100).
 */
export async function deleteTodo(
  sub: string,
  todoId: string,
  ifMatch: IfMatch,
  alsoDelete: () => Promise<readonly DependentDelete[]> = async () => [],
): Promise<Todo> {
  return conditionalWrite(async () => {
    const current = await readTodo(sub, todoId);
    assertIfMatch(ifMatch, todoTag(current), 'todo');
    // Read on every attempt: a dependent item's condition failing means it changed, so look again.
    const dependents = await alsoDelete();
    const change: UsageChange = {
      todos: -1,
      attachmentBytes: -dependents.reduce((sum, d) => sum + (d.attachmentBytes ?? 0), 0),
    };
    return {
      items: [
        {
          Delete: {
            TableName: tableName,
            Key: todoKey(sub, todoId),
            ConditionExpression: 'version = :read',
            ExpressionAttributeValues: { ':read': current.version },
          },
        },
        ...current.tags.map((tag) => ({
          Delete: { TableName: tableName, Key: tagPointerKey(sub, tag, todoId) },
        })),
        ...dependents.map(({ PK, SK, condition }) => ({
          Delete: {
            TableName: tableName,
            Key: { PK, SK },
            ...(condition && {
              ConditionExpression: condition.expression,
              ExpressionAttributeNames: condition.names,
              ExpressionAttributeValues: condition.values,
            }),
          },
        })),
        usageUpdate(sub, change),
      ],
      committed: current,
      // The usage is the last item: when only its condition failed, settle it, then plan again;
      // any other failure means the todo or its dependents changed since the read.
      conditionFailed: async (failed): Promise<typeof LOST_RACE> => {
        if (failed.at(-1) && !failed.slice(0, -1).includes(true)) return afterRefusal(sub, change);
        return LOST_RACE;
      },
    };
  });
}
