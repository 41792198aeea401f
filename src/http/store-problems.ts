/**
 * The one place where the store's failures (src/store/errors.ts) get their HTTP answer: status,
 * problem type, title, the sentence for a person, and headers. ./problem.ts calls it for every
 * StoreError; a failure added to the store without an answer here does not compile.
 */
import type { StoreFailure } from '../store/errors';
import { ConflictError, HttpError, NotFoundError, PreconditionFailedError } from './errors';
import { etagOf } from './etag';

/** The problem a store failure answers; `undefined` (a 500) only for a failure this switch misses. */
export function httpErrorOf(failure: StoreFailure): HttpError | undefined {
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
      const etag = etagOf(failure.current);
      const detail = failure.unusableTag
        ? `If-Match must repeat the ETag exactly as received, quoted and without W/: ${etag}. ` +
          'A weak or unquoted tag never matches (RFC 9110 strong comparison).'
        : `The ${failure.resource} changed since you read it (current ETag ${etag}). Read it again and retry.`;
      return new PreconditionFailedError(detail, { ...cause, headers: { ETag: etag } });
    }
    case 'KeptChanging': {
      const what = failure.resource === 'todo' ? 'The todo' : 'Your profile';
      return new PreconditionFailedError(
        `${what} kept changing while this request tried to save it (${failure.attempts} attempts). Read it again and retry.`,
        cause,
      );
    }
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
    case 'EmailTaken':
      return new ConflictError(
        'email-taken',
        'Email is taken',
        'The email address belongs to another user. Use another address.',
        cause,
      );
    case 'AttachmentLimitReached':
      return new ConflictError(
        'attachment-limit',
        'Too many attachments',
        `A todo holds at most ${failure.limit} attachments. Delete one before adding another.`,
        cause,
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
