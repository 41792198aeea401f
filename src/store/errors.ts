/**
 * What the store refuses, one class per failure, in the store's own terms: each carries the data a
 * caller needs to answer (ids, the current version, ...) and keeps its `cause`. They know nothing of
 * HTTP: src/http/store-problems.ts is the one place that turns them into problems.
 */

/** The two things a client changes under If-Match. */
export type VersionedResource = 'todo' | 'profile';

export abstract class StoreError extends Error {
  override name = 'StoreError';
}

export class TodoNotFound extends StoreError {
  override readonly name = 'TodoNotFound';
  constructor(
    readonly todoId: string,
    options?: ErrorOptions,
  ) {
    super(`No todo ${todoId}.`, options);
  }
}

export class AttachmentNotFound extends StoreError {
  override readonly name = 'AttachmentNotFound';
  constructor(
    readonly todoId: string,
    readonly attachmentId: string,
    options?: ErrorOptions,
  ) {
    super(`No attachment ${attachmentId} on todo ${todoId}.`, options);
  }
}

export class ProfileNotFound extends StoreError {
  override readonly name = 'ProfileNotFound';
  constructor(options?: ErrorOptions) {
    super('The caller has no profile.', options);
  }
}

/** The caller never asked to be erased, or the record of a completed erasure has expired. */
export class ErasureNotFound extends StoreError {
  override readonly name = 'ErasureNotFound';
  constructor(
    /** How long the record of a completed erasure is kept. */
    readonly keptDays: number,
    options?: ErrorOptions,
  ) {
    super('The caller has no erasure request.', options);
  }
}

/** If-Match named versions, and the stored one is none of them, or there is none. */
export class VersionMismatch extends StoreError {
  override readonly name = 'VersionMismatch';
  constructor(
    readonly resource: VersionedResource,
    /** The tag of the stored version (./if-match.ts); undefined when there is no such resource. */
    readonly current: string | undefined,
    /** The client named the current version, but in a form that never matches (weak or unquoted). */
    readonly unusableTag: boolean,
    options?: ErrorOptions,
  ) {
    super(
      current === undefined
        ? `There is no ${resource}, so no If-Match holds.`
        : `The ${resource} is at version ${current}, not one If-Match accepts.`,
      options,
    );
  }
}

/**
 * Every attempt of a conditional write lost its race to other writes until the request's time
 * budget ran out (./conditional-write.ts). Nothing of this write was applied; the same request may
 * succeed a moment later.
 */
export class WriteContended extends StoreError {
  override readonly name = 'WriteContended';
  constructor(
    readonly attempts: number,
    options?: ErrorOptions,
  ) {
    super(`The write lost its race to other writes ${attempts} times, until its time ran out.`, options);
  }
}

/**
 * DynamoDB did not serve the request: it throttled it, did not answer in time, could not be reached
 * or failed, or the request's time budget ran out first (src/aws/unavailable.ts). Not a refusal of
 * this request: the same request may succeed a moment later. A write whose call ended so may or may
 * not have been applied.
 */
export class TableUnavailable extends StoreError {
  override readonly name = 'TableUnavailable';
  constructor(options?: ErrorOptions) {
    super('DynamoDB did not serve the request: throttled, too slow, unreachable or failing.', options);
  }
}

export class ProfileExists extends StoreError {
  override readonly name = 'ProfileExists';
  constructor(options?: ErrorOptions) {
    super('The caller already has a profile.', options);
  }
}

export class UsernameTaken extends StoreError {
  override readonly name = 'UsernameTaken';
  constructor(
    readonly username: string,
    options?: ErrorOptions,
  ) {
    super(`The username '${username}' belongs to another user.`, options);
  }
}

export class AttachmentLimitReached extends StoreError {
  override readonly name = 'AttachmentLimitReached';
  constructor(
    readonly todoId: string,
    readonly limit: number,
    options?: ErrorOptions,
  ) {
    super(`Todo ${todoId} already holds ${limit} attachments.`, options);
  }
}

/** The caller keeps as many todos as one account may (./usage.ts). */
export class TodoLimitReached extends StoreError {
  override readonly name = 'TodoLimitReached';
  constructor(
    readonly limit: number,
    options?: ErrorOptions,
  ) {
    super(`The caller already has ${limit} todos.`, options);
  }
}

/** The caller's attachments would take more bytes than one account may hold (./usage.ts). */
export class AttachmentStorageFull extends StoreError {
  override readonly name = 'AttachmentStorageFull';
  constructor(
    readonly limit: number,
    /** Bytes the caller's attachments take now, pending uploads included. */
    readonly used: number,
    readonly requested: number,
    options?: ErrorOptions,
  ) {
    super(`${requested} more bytes of attachments would exceed ${limit} (${used} used).`, options);
  }
}

/** The caller holds as many live idempotency records as one account may (./usage.ts). */
export class IdempotencyKeyLimitReached extends StoreError {
  override readonly name = 'IdempotencyKeyLimitReached';
  constructor(
    readonly limit: number,
    /** Seconds until the oldest of them expire and a key can be claimed again. */
    readonly retryAfterSeconds: number,
    options?: ErrorOptions,
  ) {
    super(`The caller holds ${limit} live idempotency records.`, options);
  }
}

/** An Idempotency-Key came back with another request than the one it was first used for. */
export class IdempotencyKeyReused extends StoreError {
  override readonly name = 'IdempotencyKeyReused';
  constructor(
    readonly key: string,
    options?: ErrorOptions,
  ) {
    super(`Idempotency key ${key} was used for another request.`, options);
  }
}

/** A cursor this store did not issue for this caller, list and filters (./cursor.ts). */
export class InvalidCursor extends StoreError {
  override readonly name = 'InvalidCursor';
  constructor(options?: ErrorOptions) {
    super('The cursor was not issued for this list.', options);
  }
}

/**
 * A profile's guard is owned by someone else: not a refusal but a broken invariant (a bug, or a
 * table edited by hand). No client can cause it, so it is no StoreError: it answers a plain 500.
 */
export class ProfileGuardsDisagree extends Error {
  override readonly name = 'ProfileGuardsDisagree';
  constructor(readonly sub: string) {
    super(`A guard of profile ${sub} is not owned by it: the profile and its guards disagree`);
  }
}

/**
 * Every StoreError of this module (test/http/store-problems.test.ts checks none is left out): a
 * switch over `name` that misses one does not compile.
 */
export type StoreFailure =
  | TodoNotFound
  | AttachmentNotFound
  | ProfileNotFound
  | ErasureNotFound
  | VersionMismatch
  | WriteContended
  | TableUnavailable
  | ProfileExists
  | UsernameTaken
  | AttachmentLimitReached
  | TodoLimitReached
  | AttachmentStorageFull
  | IdempotencyKeyLimitReached
  | IdempotencyKeyReused
  | InvalidCursor;
