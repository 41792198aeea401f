/**
 * A `pending` attachment whose upload URL expired unused can never become `uploaded` (nobody can PUT
 * its object any more), yet it holds one of the todo's 20 slots and its declared bytes of the
 * caller's storage quota: twenty cancelled uploads would block a todo for good, and cancelled large
 * ones the whole account. So a create refused for either first gives such attachments back:
 *
 *   create → AttachmentLimitReached (409 attachment-limit): the todo's pending records
 *          → AttachmentStorageFull (409 attachment-storage-limit): every pending record of the caller
 *     └─ each pending record older than its URL's lifetime + ABANDONED_AFTER_GRACE:
 *          refreshStatus (a List of its key): the object is there → `uploaded` (a finished
 *                                             upload nobody read yet), and it keeps its slot
 *                                             no object           → delete the record, slot and bytes back
 *     └─ if any came back: create once more (a racing create may take it first: then 409)
 */
import {
  type Attachment,
  deleteAttachmentRecord,
  listAttachments,
  pendingAttachmentsOf,
} from '../../store/attachments';
import { AttachmentNotFound } from '../../store/errors';
import { refreshStatus } from './refresh-status';
import { attachmentStorage } from './storage';

/**
 * S3 checks a URL's expiry when a PUT starts; a large upload begun just before may still be arriving.
 * One still arriving after this grace (10 MiB slower than about 35 KB/s) lands after its record was
 * reclaimed, and the bucket's event then deletes it as an orphan (./object-created.ts).
 */
const ABANDONED_AFTER_GRACE_SECONDS = 5 * 60;

/**
 * Gives back what the abandoned uploads of the todo hold (of every todo of the caller's, without
 * `todoId`); answers how many came back.
 */
export async function reclaimAbandonedUploads(
  sub: string,
  todoId: string | undefined,
  now = new Date(),
): Promise<number> {
  const { UPLOAD_URL_SECONDS } = await attachmentStorage();
  const abandonedBefore = now.getTime() - (UPLOAD_URL_SECONDS + ABANDONED_AFTER_GRACE_SECONDS) * 1000;
  const candidates: Attachment[] =
    todoId === undefined ? await pendingAttachmentsOf(sub) : await listAttachments(sub, todoId);
  const stale = candidates.filter(
    (attachment) => attachment.status === 'pending' && Date.parse(attachment.createdAt) < abandonedBefore,
  );
  let reclaimed = 0;
  for (const attachment of stale) {
    if ((await refreshStatus(sub, attachment)).status === 'uploaded') continue;
    try {
      await deleteAttachmentRecord(sub, attachment.todoId, attachment.id);
    } catch (error) {
      // Deleted meanwhile by its owner: the slot is back all the same.
      if (!(error instanceof AttachmentNotFound)) throw error;
    }
    reclaimed++;
  }
  return reclaimed;
}
