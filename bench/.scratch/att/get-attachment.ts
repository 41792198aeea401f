import type { OperationHandler } from '../../../src/http/operation';
import { objectKey, presignDownload } from './s3-lazy';
import { getAttachment as readAttachment } from '../../../src/store/attachments';
import { refreshStatus } from './refresh-status';

export const getAttachment: OperationHandler<'getAttachment'> = async ({ caller, path }) => {
  const attachment = await refreshStatus(
    caller.sub,
    await readAttachment(caller.sub, path.todoId, path.attachmentId),
  );
  if (attachment.status !== 'uploaded') return { status: 200, body: { attachment } };
  const download = await presignDownload(
    objectKey(caller.sub, attachment.todoId, attachment.id),
    attachment.fileName,
    attachment.contentType,
  );
  return { status: 200, body: { attachment, download } };
};
