import type { OperationHandler } from '../../http/operation';
import { getAttachment as readAttachment } from '../../store/attachments';
import { refreshStatus } from './refresh-status';
import { attachmentStorage } from './storage';

export const getAttachment: OperationHandler<'getAttachment'> = async ({ caller, path }) => {
  const attachment = await refreshStatus(
    caller.sub,
    await readAttachment(caller.sub, path.todoId, path.attachmentId),
    { whenS3Fails: 'keep' },
  );
  if (attachment.status !== 'uploaded') return { status: 200, body: { attachment } };
  const { objectKey, presignDownload } = await attachmentStorage();
  const download = await presignDownload(
    objectKey(caller.sub, attachment.todoId, attachment.id),
    attachment.fileName,
    attachment.contentType,
  );
  return { status: 200, body: { attachment, download } };
};
