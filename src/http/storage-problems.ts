/**
 * The one place where the storage's failures (src/storage/errors.ts) get their HTTP answer, as
 * ./store-problems.ts does for the store's. A failure added to the storage without an answer here
 * does not compile.
 */
import type { StorageFailure } from '../storage/errors';
import type { HttpError } from './errors';
import { unavailableError } from './store-problems';

/** `write`: the request changes something (its method is not GET), for the 503's detail. */
export function httpErrorOfStorage(failure: StorageFailure, write = false): HttpError {
  switch (failure.name) {
    case 'StorageUnavailable':
      return unavailableError('File storage', write, failure);
    default: {
      const unanswered: never = failure.name;
      return unanswered;
    }
  }
}
