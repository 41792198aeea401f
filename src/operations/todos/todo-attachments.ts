/**
 * Seam for the attachments feature: what deleting a todo must take along besides the todo and its
 * tag pointers. The attachments feature fills `attachmentsOfTodo` in:
 *
 *   recordKeys   the todo's attachment records (metadata, counter): deleted in the SAME transaction
 *                as the todo, so no record outlives it (at most 89 keys: a transaction takes 100)
 *   removeFiles  runs after that transaction committed: deletes users/<sub>/todos/<todoId>/ in S3
 *
 * Until then a todo has no attachments and this answers nothing to delete.
 */
import type { TableKey } from '../../store/todos';

export interface TodoAttachments {
  recordKeys: TableKey[];
  removeFiles(): Promise<void>;
}

export async function attachmentsOfTodo(_sub: string, _todoId: string): Promise<TodoAttachments> {
  return { recordKeys: [], removeFiles: async () => {} };
}
