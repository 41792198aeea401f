/**
 * The file of a deleted attachment goes after its record, driven by the record's removal in the
 * table's stream rather than by the request that deleted it: DELETE .../attachments/{id}, DELETE
 * /todos/{id} (its records go in its transaction) and the reclaim of abandoned uploads answer once
 * the records are gone, and the removal record, retried by the event source mapping until it
 * succeeds (then reported to its dead-letter queue), takes the files along:
 *
 *   REMOVE USER#<sub> / ATT#<todoId>#<attachmentId>   (keys only)
 *     └─ grouped by user; for each user:
 *          an erasure pending  → left to it: its `files` step empties users/<sub>/ after the records
 *          otherwise           → one DeleteObjects of users/<sub>/todos/<todoId>/<attachmentId>, ...
 *
 * Deleting a key that is not there succeeds, so a repeated record is harmless. An upload still
 * arriving through a URL issued before the delete lands after this and finds no record: the bucket's
 * event deletes it (./object-created.ts).
 */
import { findErasure } from '../../store/erasure-requests';
import { attachmentStorage } from './storage';

export interface RemovedAttachment {
  sub: string;
  todoId: string;
  attachmentId: string;
}

export interface RemovedFilesReport {
  sub: string;
  outcome: 'files-deleted' | 'left-to-erasure';
  files: number;
}

export async function removeFilesOfRemovedAttachments(
  removed: RemovedAttachment[],
): Promise<RemovedFilesReport[]> {
  const bySub = new Map<string, RemovedAttachment[]>();
  for (const attachment of removed)
    bySub.set(attachment.sub, [...(bySub.get(attachment.sub) ?? []), attachment]);
  const reports: RemovedFilesReport[] = [];
  for (const [sub, attachments] of bySub) {
    if ((await findErasure(sub))?.status === 'pending') {
      reports.push({ sub, outcome: 'left-to-erasure', files: attachments.length });
      continue;
    }
    const { deleteObjects, objectKey } = await attachmentStorage();
    await deleteObjects(attachments.map((a) => objectKey(a.sub, a.todoId, a.attachmentId)));
    reports.push({ sub, outcome: 'files-deleted', files: attachments.length });
  }
  return reports;
}
