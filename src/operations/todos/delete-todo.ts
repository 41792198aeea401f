import { parseIfMatch } from '../../http/etag';
import type { OperationHandler } from '../../http/operation';
import { deleteTodo as removeTodo } from '../../store/todos';
import { attachmentRecordsOf } from './todo-attachments';

/**
 * The todo, its tag pointers and its attachment records go in one transaction; the attachments'
 * files follow asynchronously, from the records' removal (./todo-attachments.ts).
 */
export const deleteTodo: OperationHandler<'deleteTodo'> = async ({ caller, path, headers }) => {
  await removeTodo(
    caller.sub,
    path.todoId,
    parseIfMatch(headers['if-match']),
    attachmentRecordsOf(caller.sub, path.todoId),
  );
  return { status: 204 };
};
