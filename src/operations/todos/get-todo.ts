import { etagOf } from '../../http/etag';
import type { OperationHandler } from '../../http/operation';
import { readTodo, todoTag } from '../../store/todos';

/** Another user's todo is not found: the key is built from the caller's sub. */
export const getTodo: OperationHandler<'getTodo'> = async ({ caller, path }) => {
  const todo = await readTodo(caller.sub, path.todoId);
  return { status: 200, body: todo, headers: { ETag: etagOf(todoTag(todo)) } };
};
