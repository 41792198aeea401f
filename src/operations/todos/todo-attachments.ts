/**
 * What deleting a todo takes along besides the todo and its tag pointers:
 *
 *   recordKeys   the todo's attachment records (metadata, counter), read on every attempt and deleted
 *                in the SAME transaction as the todo, so no record outlives it
 *   removeFiles  runs after that transaction committed: deletes users/<sub>/todos/<todoId>/ in S3
 *
 * The S3 module is imported lazily: most todo requests never touch S3, and a bundle evaluates a
 * dynamically imported module only when it is first needed (cold start).
 */
import { attachmentRecordsOfTodo } from '../../store/attachments';
import type { DependentDelete } from '../../store/todos-delete';
import { attachmentStorage } from '../attachments/storage';

export interface TodoAttachments {
  recordKeys(): Promise<readonly DependentDelete[]>;
  removeFiles(): Promise<void>;
}

export function attachmentsOfTodo(sub: string, todoId: string): TodoAttachments {
  return {
    recordKeys: () => attachmentRecordsOfTodo(sub, todoId),
    removeFiles: async () => {
      const { deletePrefix, todoPrefix } = await attachmentStorage();
      await deletePrefix(todoPrefix(sub, todoId));
    },
  };
}
