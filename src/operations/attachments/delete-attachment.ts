import type { OperationHandler } from '../../http/operation';
import { deleteAttachmentRecord } from '../../store/attachments';

/**
 * Deletes the record (and gives its slot back); the file follows asynchronously, taken along by the
 * record's removal in the table's stream and retried until it is gone (./removed-records.ts). The
 * answer never waits on S3, and never fails after the record is gone. No URL for the file is issued
 * once its record is gone; one issued before lasts at most its 5 minutes.
 */
export const deleteAttachment: OperationHandler<'deleteAttachment'> = async ({ caller, path }) => {
  await deleteAttachmentRecord(caller.sub, path.todoId, path.attachmentId);
  return { status: 204 };
};
