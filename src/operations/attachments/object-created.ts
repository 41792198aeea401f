/**
 * What the todos function does when an object lands in the attachments bucket (S3 → EventBridge
 * "Object Created" → infra/template.yaml's AttachmentUploadsRule; the local stack sends the same
 * event from its S3 emulator).
 *
 * An upload URL stays valid for UPLOAD_URL_SECONDS whatever happens to its attachment meanwhile: the
 * attachment, its todo or its user may be deleted, and an upload through the URL then lands after
 * the delete that swept its prefix. Nothing would own that object or ever remove it. So every new
 * object is checked against its record:
 *
 *   Object Created  users/<sub>/todos/<todoId>/<attachmentId>
 *     └─ GetItem ATT#<todoId>#<attachmentId>, strongly consistent (the record is written before
 *        its URL is issued, so an upload never precedes its record)
 *          no record                  → delete the object (an orphan), if it is still there
 *          pending, the declared size → uploaded, so readers need not List the key any more
 *          otherwise                  → left as it is
 *   any other key                     → left alone: not an attachment
 *
 * The delete names the event's own key, so a key that means something else than it seems can only
 * delete itself. The clean-up is best-effort: a failure throws, Lambda retries the event twice, and
 * then drops it (the AsyncEventsDropped alarm in the template says so).
 */
import type { S3ObjectCreatedNotificationEvent } from 'aws-lambda';
import { takeColdStart } from '../../aws/cold-start';
import { logger } from '../../http/request-log';
import { findAttachment, markUploaded } from '../../store/attachments';
import { attachmentStorage } from './storage';

export type ObjectCreatedOutcome =
  | 'orphan-deleted'
  | 'already-gone'
  | 'marked-uploaded'
  | 'kept'
  | 'not-an-attachment'
  | 'another-bucket';

export function isObjectCreatedEvent(event: unknown): event is S3ObjectCreatedNotificationEvent {
  const candidate = event as Partial<S3ObjectCreatedNotificationEvent> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    candidate.source === 'aws.s3' &&
    candidate['detail-type'] === 'Object Created' &&
    typeof candidate.detail?.object?.key === 'string'
  );
}

export async function onObjectCreated(
  bucket: string,
  key: string,
  size: number | undefined,
): Promise<ObjectCreatedOutcome> {
  const { attachmentOfKey, bucketName, deleteObjects, storedObjectSize } = await attachmentStorage();
  // The deletes go to this function's bucket: an event of any other (a rule widened by mistake) is ignored.
  if (bucket !== bucketName) return 'another-bucket';
  const owner = attachmentOfKey(key);
  if (!owner) return 'not-an-attachment';
  const { sub, todoId, attachmentId } = owner;
  const attachment = await findAttachment(sub, todoId, attachmentId, { consistent: true });
  if (!attachment) {
    // Deleted meanwhile (a late or repeated event), or a key not as stored: say so rather than
    // report a delete that removed nothing.
    if ((await storedObjectSize(key)) === undefined) return 'already-gone';
    await deleteObjects([key]);
    return 'orphan-deleted';
  }
  if (attachment.status === 'pending' && size === attachment.size) {
    await markUploaded(sub, attachment);
    return 'marked-uploaded';
  }
  return 'kept';
}

/** The event's entry: one log line per object; a failure throws, and Lambda retries the event. */
export async function handleObjectCreated(event: S3ObjectCreatedNotificationEvent): Promise<void> {
  const coldStart = takeColdStart();
  const { bucket, object } = event.detail;
  const outcome = await onObjectCreated(bucket.name, object.key, object.size);
  logger.info({ message: 'object created', bucket: bucket.name, key: object.key, outcome, coldStart });
}
