import { type Attachment, markUploaded } from '../../store/attachments';
import { attachmentStorage } from './storage';

/**
 * An attachment turns `uploaded` once S3 holds an object of the declared size. The bucket's Object
 * Created event flips it (./object-created.ts), but that event is asynchronous and may be late, so a
 * read of a `pending` attachment checks too (a List of its key, ../../storage/attachment-objects.ts):
 * the answer is exact at the moment the client asks. Once flipped, the check is never made again.
 */
export async function refreshStatus(sub: string, attachment: Attachment): Promise<Attachment> {
  if (attachment.status === 'uploaded') return attachment;
  const { objectKey, storedObjectSize } = await attachmentStorage();
  const size = await storedObjectSize(objectKey(sub, attachment.todoId, attachment.id));
  return size === attachment.size ? markUploaded(sub, attachment) : attachment;
}
