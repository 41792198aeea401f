import { etagOf, parseIfMatch } from '../../http/etag';
import type { OperationHandler } from '../../http/operation';
import { updateTodo as saveTodoChange, todoTag } from '../../store/todos';
import { applyTodoPatch } from './todo-changes';

/** JSON Merge Patch under optimistic concurrency: a stale If-Match → 412 (src/store/todos-update.ts). */
export const updateTodo: OperationHandler<'updateTodo'> = async ({ caller, path, headers, body }) => {
  const todo = await saveTodoChange(caller.sub, path.todoId, parseIfMatch(headers['if-match']), (current) =>
    applyTodoPatch(current, body, new Date()),
  );
  return { status: 200, body: todo, headers: { ETag: etagOf(todoTag(todo)) } };
};
