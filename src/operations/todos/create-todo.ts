import { etagOf } from '../../http/etag';
import type { OperationHandler } from '../../http/operation';
import { requestHashOf } from '../../store/idempotency';
import { newTodoId, putNewTodo, todoTag } from '../../store/todos';
import { todoFromCreate } from './todo-changes';

/**
 * 201 with Location and ETag. With `Idempotency-Key`, a retry of the same request (same body) within
 * 24 hours answers the todo the first one created; another body under that key → 409.
 */
export const createTodo: OperationHandler<'createTodo'> = async ({ caller, body, headers, basePath }) => {
  const now = new Date();
  const key = headers['idempotency-key'];
  const claim = key === undefined ? undefined : { key, requestHash: requestHashOf(body) };
  const { todo } = await putNewTodo(caller.sub, todoFromCreate(newTodoId(), body, now), claim, now);
  return {
    status: 201,
    body: todo,
    headers: { ETag: etagOf(todoTag(todo)), Location: `${basePath}/todos/${todo.id}` },
  };
};
