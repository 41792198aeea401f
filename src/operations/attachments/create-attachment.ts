import { ulid } from 'ulidx';
import type { OperationHandler } from '../../http/operation';
import { createAttachment as recordAttachment } from '../../store/attachments';
import { AttachmentLimitReached, AttachmentStorageFull } from '../../store/errors';
import { reclaimAbandonedUploads } from './abandoned-uploads';
import { attachmentStorage } from './storage';

/**
 * Records the attachment as pending, then hands out a presigned PUT bound to the declared type and
 * size. The bytes never pass through Lambda (6 MB payload limit, and we would pay for the time). The
 * signing credentials are fetched first: failing to get them answers 503 (STS unavailable) or 500 (the
 * signer role misconfigured) with nothing recorded.
 * A full todo first gives back the slots of uploads abandoned long ago, and full storage the bytes
 * of the caller's abandoned uploads on any todo (./abandoned-uploads.ts).
 */
export const createAttachment: OperationHandler<'createAttachment'> = async ({
  caller,
  path,
  body,
  basePath,
}) => {
  const { objectKey, presignUpload, readySigningCredentials } = await attachmentStorage();
  // The one call that signing makes (STS, for the signer role's session) comes before the record.
  await readySigningCredentials();
  const attachmentId = ulid();
  const record = () => recordAttachment(caller.sub, path.todoId, attachmentId, body);
  const attachment = await record().catch(async (error: unknown) => {
    const scope =
      error instanceof AttachmentLimitReached
        ? path.todoId
        : error instanceof AttachmentStorageFull
          ? undefined
          : null;
    if (scope === null || (await reclaimAbandonedUploads(caller.sub, scope)) === 0) throw error;
    return record();
  });
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
