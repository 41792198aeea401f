import type { OperationHandler } from '../../http/operation';
import { deleteAttachmentRecord } from '../../store/attachments';
import { AttachmentNotFound } from '../../store/errors';
import { attachmentStorage } from './storage';

/**
 * Metadata first, then the object. If the object delete fails (S3 down: a 503), the object is left
 * without metadata until the client retries: the retry finds no record, and its 404 deletes the
 * object first (the key is the caller's own, and attachment ids are never reused). The todo's and the
 * user's deletes sweep their whole prefix too.
 */
export const deleteAttachment: OperationHandler<'deleteAttachment'> = async ({ caller, path }) => {
  const removeObject = async () => {
    const { deleteObjects, objectKey } = await attachmentStorage();
    await deleteObjects([objectKey(caller.sub, path.todoId, path.attachmentId)]);
  };
  try {
    await deleteAttachmentRecord(caller.sub, path.todoId, path.attachmentId);
  } catch (error) {
    if (error instanceof AttachmentNotFound) await removeObject();
    throw error;
  }
  await removeObject();
  return { status: 204 };
};
