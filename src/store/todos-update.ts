import { tableName } from './client';
import { conditionalWrite, type TransactItem } from './conditional-write';
import { assertIfMatch, type IfMatch } from './if-match';
import { tagPointerKey } from './keys';
import { type Todo, tagPointerItemOf, todoItemOf, todoTag } from './todos-items';
import { readTodo } from './todos-read';

/** Computes the changed todo from the current one (domain rules live with the operation). */
export type TodoChange = (current: Todo) => Todo;

/**
 * Optimistic concurrency without locks. Each attempt reads the todo, checks If-Match against what
 * it read, and writes conditionally on that same version (./conditional-write.ts retries):
 *
 *   read v3 ── If-Match "3"? ── TransactWrite [todo v4 IF version = 3, pointer deletes/puts] ── 200 v4
 *                                 └─ cancelled: someone wrote v4 first (ConditionalCheckFailed)
 *                                    or a transaction overlapped (TransactionConflict)
 *                                    └─ read again: with If-Match "3" that read answers 412;
 *                                       without If-Match the change applies to v4 and writes v5
 *
 * So two PATCHes carrying the same If-Match: exactly one succeeds. Without If-Match no change is
 * lost: each lands on the version it was computed from.
 */
export async function updateTodo(
  sub: string,
  todoId: string,
  ifMatch: IfMatch,
  change: TodoChange,
): Promise<Todo> {
  return conditionalWrite(async () => {
    const current = await readTodo(sub, todoId);
    assertIfMatch(ifMatch, todoTag(current), 'todo');
    const next: Todo = { ...change(current), id: current.id, version: current.version + 1 };
    return { items: updateTransaction(sub, current, next), committed: next };
  });
}

/**
 * The todo and its pointers move together: removed tags lose their pointer, added tags get one, and
 * when `completed` flips, the kept tags' pointers are rewritten because their GSI1PK names it.
 */
function updateTransaction(sub: string, current: Todo, next: Todo): TransactItem[] {
  const before = new Set(current.tags);
  const after = new Set(next.tags);
  const completedChanged = current.completed !== next.completed;
  const removed = current.tags.filter((tag) => !after.has(tag));
  const rewritten = next.tags.filter((tag) => !before.has(tag) || completedChanged);
  return [
    {
      Put: {
        TableName: tableName,
        Item: todoItemOf(sub, next),
        ConditionExpression: 'version = :read',
        ExpressionAttributeValues: { ':read': current.version },
      },
    },
    ...removed.map((tag) => ({ Delete: { TableName: tableName, Key: tagPointerKey(sub, tag, current.id) } })),
    ...rewritten.map((tag) => ({ Put: { TableName: tableName, Item: tagPointerItemOf(sub, next, tag) } })),
  ];
}
