/**
 * A `pending` attachment whose upload URL expired unused can never become `uploaded` (nobody can PUT
 * its object any more), yet it holds one of the todo's 20 slots: twenty cancelled uploads would block
 * a todo for good. So a create that finds the todo full first gives such slots back:
 *
 *   create → AttachmentLimitReached (409 attachment-limit)
 *     └─ each pending record older than its URL's lifetime + ABANDONED_AFTER_GRACE:
 *          refreshStatus (a List of its key): the object is there → `uploaded` (a finished
 *                                             upload nobody read yet), and it keeps its slot
 *                                             no object           → delete the record, slot back
 *     └─ if any slot came back: create once more (a racing create may take it first: then 409)
 */
import { deleteAttachmentRecord, listAttachments } from '../../store/attachments';
import { AttachmentNotFound } from '../../store/errors';
import { refreshStatus } from './refresh-status';
import { attachmentStorage } from './storage';

/**
 * S3 checks a URL's expiry when a PUT starts; a large upload begun just before may still be arriving.
 * One still arriving after this grace (10 MiB slower than about 35 KB/s) lands after its record was
 * reclaimed, and the bucket's event then deletes it as an orphan (./object-created.ts).
 */
const ABANDONED_AFTER_GRACE_SECONDS = 5 * 60;

/** Gives back the slots of the todo's abandoned uploads; answers how many came back. */
export async function reclaimAbandonedUploads(
  sub: string,
  todoId: string,
  now = new Date(),
): Promise<number> {
  const { UPLOAD_URL_SECONDS } = await attachmentStorage();
  const abandonedBefore = now.getTime() - (UPLOAD_URL_SECONDS + ABANDONED_AFTER_GRACE_SECONDS) * 1000;
  const stale = (await listAttachments(sub, todoId)).filter(
    (attachment) => attachment.status === 'pending' && Date.parse(attachment.createdAt) < abandonedBefore,
  );
  let reclaimed = 0;
  for (const attachment of stale) {
    if ((await refreshStatus(sub, attachment)).status === 'uploaded') continue;
    try {
      await deleteAttachmentRecord(sub, todoId, attachment.id);
    } catch (error) {
      // Deleted meanwhile by its owner: the slot is back all the same.
      if (!(error instanceof AttachmentNotFound)) throw error;
    }
    reclaimed++;
  }
  return reclaimed;
}
