/**
 * What deleting a todo takes along besides the todo and its tag pointers: its attachment records
 * (metadata, counter), read on every attempt and deleted in the SAME transaction as the todo, so no
 * record outlives it. Their files follow the records: each record's removal in the table's stream
 * takes its file along (../attachments/removed-records.ts), retried until it succeeds, so the delete
 * never waits on S3 and never fails after the records are gone.
 */
import { attachmentRecordsOfTodo } from '../../store/attachments';
import type { DependentDelete } from '../../store/todos-delete';

export function attachmentRecordsOf(sub: string, todoId: string): () => Promise<readonly DependentDelete[]> {
  return () => attachmentRecordsOfTodo(sub, todoId);
}
