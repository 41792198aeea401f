import { parseIfMatch } from '../../http/etag';
import type { OperationHandler } from '../../http/operation';
import { deleteTodo as removeTodo } from '../../store/todos';
import { attachmentsOfTodo } from './todo-attachments';

/**
 * The todo, its tag pointers and its attachment records go in one transaction; the attachment files
 * are removed after it committed (a failure there leaves files only, swept with the user's prefix).
 */
export const deleteTodo: OperationHandler<'deleteTodo'> = async ({ caller, path, headers }) => {
  const attachments = attachmentsOfTodo(caller.sub, path.todoId);
  await removeTodo(caller.sub, path.todoId, parseIfMatch(headers['if-match']), attachments.recordKeys);
  await attachments.removeFiles();
  return { status: 204 };
};
