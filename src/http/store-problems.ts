/**
 * The one place where the store's failures (src/store/errors.ts) get their HTTP answer: status,
 * problem type, title, the sentence for a person, and headers. ./problem.ts calls it for every
 * StoreError; a failure added to the store without an answer here does not compile.
 */
import type { StoreFailure } from '../store/errors';
import {
  ConflictError,
  HttpError,
  NotFoundError,
  PreconditionFailedError,
  ServiceUnavailableError,
} from './errors';
import { etagOf } from './etag';

/** `1 GiB`, `3.5 MiB`, `812 bytes`: a size for a person. */
function bytesOf(bytes: number): string {
  for (const [unit, size] of [
    ['GiB', 1024 ** 3],
    ['MiB', 1024 ** 2],
    ['KiB', 1024],
  ] as const)
    if (bytes >= size) return `${Number((bytes / size).toFixed(1))} ${unit}`;
  return `${bytes} bytes`;
}

/** Retry-After of a 503 because DynamoDB or S3 throttled, timed out or failed: long enough to recover. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;
/** Retry-After of a 503 because other writes kept winning: they are done within moments. */
export const CONTENDED_RETRY_AFTER_SECONDS = 1;

/**
 * The 503 of a dependency that did not serve the request. A write (`write`: the request's method is
 * not GET) whose call was cut short may or may not have been applied, and the answer says so.
 */
export function unavailableError(dependency: string, write: boolean, cause: Error): ServiceUnavailableError {
  const seconds = UNAVAILABLE_RETRY_AFTER_SECONDS;
  const what = `${dependency} is overloaded or did not answer in time`;
  const detail = write
    ? `${what}, so this change may or may not have been made, in whole or in part. Retry after ${seconds} seconds; a DELETE, a PATCH without If-Match and a POST /todos with the same Idempotency-Key are safe to repeat, read first before repeating anything else.`
    : `${what}. Retry after ${seconds} seconds; quote the request id if it persists.`;
  return new ServiceUnavailableError(detail, seconds, { cause });
}

/**
 * The problem a store failure answers; `undefined` (a 500) only for a failure this switch misses.
 * `write`: the request changes something (its method is not GET), for the 503's detail.
 */
export function httpErrorOf(failure: StoreFailure, write = false): HttpError | undefined {
  const cause = { cause: failure };
  switch (failure.name) {
    case 'TodoNotFound':
      return new NotFoundError(`No todo ${failure.todoId}.`, cause);
    case 'AttachmentNotFound':
      return new NotFoundError(`No attachment ${failure.attachmentId} on todo ${failure.todoId}.`, cause);
    case 'ProfileNotFound':
      return new NotFoundError('You have no profile yet. Create one with POST /users.', cause);
    case 'ErasureNotFound':
      return new NotFoundError(
        `No erasure was requested with this account, or the record of a finished one has expired (records are kept ${failure.keptDays} days). DELETE /users/me starts one.`,
        cause,
      );
    case 'VersionMismatch': {
      if (failure.current === undefined) {
        const detail =
          failure.resource === 'profile'
            ? 'You have no profile, so If-Match names a version of one that no longer exists. Read GET /users/me, or create a profile with POST /users.'
            : 'The todo no longer exists, so If-Match names a version of nothing. Read it again.';
        return new PreconditionFailedError(detail, cause);
      }
      const etag = etagOf(failure.current);
      const detail = failure.unusableTag
        ? `If-Match must repeat the ETag exactly as received, quoted and without W/: ${etag}. ` +
          'A weak or unquoted tag never matches (RFC 9110 strong comparison).'
        : `The ${failure.resource} changed since you read it (current ETag ${etag}). Read it again and retry.`;
      return new PreconditionFailedError(detail, { ...cause, headers: { ETag: etag } });
    }
    case 'WriteContended':
      return new ServiceUnavailableError(
        `Other changes to the same data kept winning until this request ran out of time; nothing was changed. Retry after ${CONTENDED_RETRY_AFTER_SECONDS} second.`,
        CONTENDED_RETRY_AFTER_SECONDS,
        cause,
      );
    case 'TableUnavailable':
      return unavailableError('The database', write, failure);
    case 'ProfileExists':
      return new ConflictError(
        'profile-exists',
        'Profile exists',
        'You already have a profile. Change it with PATCH /users/me, or delete it with DELETE /users/me first.',
        cause,
      );
    case 'UsernameTaken':
      return new ConflictError(
        'username-taken',
        'Username is taken',
        `The username '${failure.username}' belongs to another user. Choose another one.`,
        cause,
      );
    case 'AttachmentLimitReached':
      return new ConflictError(
        'attachment-limit',
        'Too many attachments',
        `A todo holds at most ${failure.limit} attachments. Delete one before adding another.`,
        cause,
      );
    case 'TodoLimitReached':
      return new ConflictError(
        'todo-limit',
        'Too many todos',
        `An account keeps at most ${failure.limit.toLocaleString('en-US')} todos. Delete todos you no longer need, then create this one again.`,
        cause,
      );
    case 'AttachmentStorageFull':
      return new ConflictError(
        'attachment-storage-limit',
        'Attachment storage full',
        `An account's attachments take at most ${bytesOf(failure.limit)} (uploads not finished included): ` +
          `yours take ${bytesOf(failure.used)}, and this file needs ${bytesOf(failure.requested)}. ` +
          'Delete attachments, or todos that have them, to make room.',
        cause,
      );
    case 'IdempotencyKeyLimitReached':
      return new HttpError(
        429,
        'idempotency-key-limit',
        'Too many idempotency keys',
        `An account holds at most ${failure.limit.toLocaleString('en-US')} Idempotency-Keys of the last 24 hours. ` +
          `The oldest of yours expire in ${failure.retryAfterSeconds} s (Retry-After): send this request again ` +
          'then, or now without Idempotency-Key (a retry of it may then create a second todo).',
        { ...cause, headers: { 'Retry-After': String(failure.retryAfterSeconds) } },
      );
    case 'IdempotencyKeyReused':
      return new ConflictError(
        'idempotency-key-reused',
        'Idempotency key reused',
        'This Idempotency-Key was used for a different request body. Use a new key for a new todo.',
        cause,
      );
    case 'InvalidCursor':
      return new HttpError(
        400,
        'invalid-cursor',
        'Invalid cursor',
        'The cursor is not one this API issued for this list and these filters. Start again without a cursor.',
        cause,
      );
    default: {
      // A new StoreFailure without a case fails to compile here; at run time it stays a 500.
      const unanswered: never = failure;
      return unanswered;
    }
  }
}
