import { logger } from '../../http/request-log';
import { type Attachment, markUploaded } from '../../store/attachments';
import { attachmentStorage } from './storage';

export interface RefreshOptions {
  /**
   * `keep` (for reads): when S3 cannot answer, the stored status stands, logged as a warning, so an
   * S3 outage does not fail reads of attachments and the next read checks again. `throw` (the
   * default): the reclaim of abandoned uploads must never take a failed check for a missing object.
   */
  whenS3Fails?: 'throw' | 'keep';
}

/**
 * An attachment turns `uploaded` once S3 holds an object of the declared size. The bucket's Object
 * Created event flips it (./object-created.ts), but that event is asynchronous and may be late, so a
 * read of a `pending` attachment checks too (a List of its key, ../../storage/attachment-objects.ts):
 * the answer is exact at the moment the client asks. Once flipped, the check is never made again.
 */
export async function refreshStatus(
  sub: string,
  attachment: Attachment,
  { whenS3Fails = 'throw' }: RefreshOptions = {},
): Promise<Attachment> {
  if (attachment.status === 'uploaded') return attachment;
  const { objectKey, storedObjectSize } = await attachmentStorage();
  let size: number | undefined;
  try {
    size = await storedObjectSize(objectKey(sub, attachment.todoId, attachment.id));
  } catch (error) {
    if (whenS3Fails === 'throw') throw error;
    logger.warn({
      message: 'attachment status not checked: S3 did not answer',
      attachmentId: attachment.id,
      error,
    });
    return attachment;
  }
  return size === attachment.size ? markUploaded(sub, attachment) : attachment;
}
