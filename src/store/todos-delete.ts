import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { assertIfMatch, type IfMatch } from '../http/etag';
import { documentClient, tableName } from './client';
import { type TableKey, type Todo, tagPointerKey, todoKey } from './todos-items';

/** An item deleted with the todo, optionally under its own condition (e.g. "no attachment was added meanwhile"). */
export interface DependentDelete extends TableKey {
  condition?: { expression: string; names?: Record<string, string>; values?: Record<string, unknown> };
}

import { readTodo } from './todos-read';
import { backoff, cancellationCodes, gaveUp, lostRace, MAX_WRITE_ATTEMPTS } from './todos-transaction';

/**
 * Deletes the todo, its tag pointers and `alsoDelete` (the todo's attachment records, supplied by
 * the attachments feature) in ONE transaction, conditional on the version read: a stale If-Match →
 * 412, absent → 404, and a concurrent change either lands before (and is deleted with it) or is
 * refused; so is a dependent item whose own condition fails (re-read, retried). Same retry scheme as updateTodo (./todos-update.ts). Returns the deleted todo.
 * At most 1 + 10 tags + `alsoDelete` items: keep `alsoDelete` under 89 (a transaction takes 100).
 */
export async function deleteTodo(
  sub: string,
  todoId: string,
  ifMatch: IfMatch,
  alsoDelete: () => Promise<readonly DependentDelete[]> = async () => [],
): Promise<Todo> {
  for (let attempt = 1; ; attempt++) {
    const current = await readTodo(sub, todoId);
    assertIfMatch(ifMatch, current.version, 'todo');
    // Read on every attempt: a dependent item's condition failing means it changed, so look again.
    const dependents = await alsoDelete();
    try {
      await documentClient.send(
        new TransactWriteCommand({
          TransactItems: [
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
          ],
        }),
      );
      return current;
    } catch (error) {
      const codes = cancellationCodes(error);
      if (!codes || !lostRace(codes)) throw error;
      if (attempt >= MAX_WRITE_ATTEMPTS) throw gaveUp(codes, error);
      await backoff(attempt);
    }
  }
}
