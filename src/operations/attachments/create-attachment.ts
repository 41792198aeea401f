import { ulid } from 'ulidx';
import type { OperationHandler } from '../../http/operation';
import { createAttachment as recordAttachment } from '../../store/attachments';
import { attachmentStorage } from './storage';

/**
 * Records the attachment as pending, then hands out a presigned PUT bound to the declared type and
 * size. The bytes never pass through Lambda (6 MB payload limit, and we would pay for the time).
 */
export const createAttachment: OperationHandler<'createAttachment'> = async ({
  caller,
  path,
  body,
  basePath,
}) => {
  const attachmentId = ulid();
  const attachment = await recordAttachment(caller.sub, path.todoId, attachmentId, body);
  const { objectKey, presignUpload } = await attachmentStorage();
  const upload = await presignUpload(
    objectKey(caller.sub, path.todoId, attachmentId),
    attachment.contentType,
    attachment.size,
  );
  return {
    status: 201,
    body: { attachment, upload },
    headers: { Location: `${basePath}/todos/${path.todoId}/attachments/${attachmentId}` },
  };
};
