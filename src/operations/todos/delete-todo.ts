import { parseIfMatch } from '../../http/etag';
import type { OperationHandler } from '../../http/operation';
import { TodoNotFound } from '../../store/errors';
import { deleteTodo as removeTodo } from '../../store/todos';
import { attachmentsOfTodo } from './todo-attachments';

/**
 * The todo, its tag pointers and its attachment records go in one transaction; the attachment files
 * are removed after it committed. If that fails (S3 down: a 503), the client's retry finds no todo,
 * and its 404 removes the files first: the prefix is the caller's own and todo ids are never reused,
 * so this touches nothing that still belongs to anyone.
 */
export const deleteTodo: OperationHandler<'deleteTodo'> = async ({ caller, path, headers }) => {
  const attachments = attachmentsOfTodo(caller.sub, path.todoId);
  try {
    await removeTodo(caller.sub, path.todoId, parseIfMatch(headers['if-match']), attachments.recordKeys);
  } catch (error) {
    if (error instanceof TodoNotFound) await attachments.removeFiles();
    throw error;
  }
  await attachments.removeFiles();
  return { status: 204 };
};
