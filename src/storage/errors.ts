/**
 * What the storage of attachment files (S3) fails with, in its own terms. src/http/storage-problems.ts
 * is the one place that turns them into problems.
 */
export abstract class StorageError extends Error {
  override name = 'StorageError';
}

/**
 * S3 did not serve the request: it throttled it (SlowDown), did not answer in time, could not be
 * reached or failed, or the request's time budget ran out first (src/aws/unavailable.ts). The same
 * request may succeed a moment later.
 */
export class StorageUnavailable extends StorageError {
  override readonly name = 'StorageUnavailable';
  constructor(options?: ErrorOptions) {
    super('S3 did not serve the request: throttled, too slow, unreachable or failing.', options);
  }
}

/** Every StorageError (a switch over `name` that misses one does not compile). */
export type StorageFailure = StorageUnavailable;
