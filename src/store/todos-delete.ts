import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { assertIfMatch, type IfMatch } from '../http/etag';
import { documentClient, tableName } from './client';
import { type TableKey, type Todo, tagPointerKey, todoKey } from './todos-items';
import { readTodo } from './todos-read';
import { backoff, cancellationCodes, keptChanging, lostRace, MAX_WRITE_ATTEMPTS } from './todos-transaction';

/**
 * Deletes the todo, its tag pointers and `alsoDelete` (the todo's attachment records, supplied by
 * the attachments feature) in ONE transaction, conditional on the version read: a stale If-Match →
 * 412, absent → 404, and a concurrent change either lands before (and is deleted with it) or is
 * refused. Same retry scheme as updateTodo (./todos-update.ts). Returns the deleted todo.
 * At most 1 + 10 tags + `alsoDelete` items: keep `alsoDelete` under 89 (a transaction takes 100).
 */
export async function deleteTodo(
  sub: string,
  todoId: string,
  ifMatch: IfMatch,
  alsoDelete: readonly TableKey[] = [],
): Promise<Todo> {
  for (let attempt = 1; ; attempt++) {
    const current = await readTodo(sub, todoId);
    assertIfMatch(ifMatch, current.version, 'todo');
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
            ...alsoDelete.map((key) => ({
              Delete: { TableName: tableName, Key: { PK: key.PK, SK: key.SK } },
            })),
          ],
        }),
      );
      return current;
    } catch (error) {
      const codes = cancellationCodes(error);
      if (!codes || !lostRace(codes)) throw error;
      if (attempt >= MAX_WRITE_ATTEMPTS) throw keptChanging(error);
      await backoff(attempt);
    }
  }
}
