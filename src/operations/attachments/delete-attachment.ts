import type { OperationHandler } from '../../http/operation';
import { deleteAttachmentRecord } from '../../store/attachments';
import { attachmentStorage } from './storage';

/**
 * Metadata first, then the object. If the object delete fails the request fails (500) and the
 * object is left without metadata; the todo's and the user's deletes sweep their whole prefix, so
 * such an object is removed with its todo at the latest.
 */
export const deleteAttachment: OperationHandler<'deleteAttachment'> = async ({ caller, path }) => {
  await deleteAttachmentRecord(caller.sub, path.todoId, path.attachmentId);
  const { deleteObjects, objectKey } = await attachmentStorage();
  await deleteObjects([objectKey(caller.sub, path.todoId, path.attachmentId)]);
  return { status: 204 };
};
