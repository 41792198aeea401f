/**
 * The one place where failures become RFC 9457 problem+json responses. The request pipeline throws
 * `HttpError`s (./errors.ts); the store and the storage throw their own failures
 * (src/store/errors.ts, src/storage/errors.ts), answered as ./store-problems.ts and
 * ./storage-problems.ts say; anything else is a bug and answers a 500 that names nothing internal (the
 * cause goes to the log, keyed by the request id, never to the client).
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { StorageError, type StorageFailure } from '../storage/errors';
import { StoreError, type StoreFailure } from '../store/errors';
import { type FieldError, HttpError, PROBLEM_BASE } from './errors';
import { httpErrorOfStorage } from './storage-problems';
import { httpErrorOf } from './store-problems';

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  /** Extension member on 5xx: the id to quote when reporting the failure. */
  requestId?: string;
}

/** `requestId` goes into 5xx problems: the id to quote about a failure on our side. */
export function problemOf(error: HttpError, instance: string, requestId?: string): Problem {
  return {
    type: error.type,
    title: error.title,
    status: error.status,
    detail: error.detail,
    instance,
    ...(error.errors && error.errors.length > 0 ? { errors: error.errors } : {}),
    ...(error.status >= 500 && requestId !== undefined ? { requestId } : {}),
  };
}

export function internalProblem(instance: string, requestId: string): Problem {
  return {
    type: `${PROBLEM_BASE}internal`,
    title: 'Internal error',
    status: 500,
    detail: 'Something went wrong on our side. Retry later; quote the request id if it persists.',
    instance,
    requestId,
  };
}

/** The HTTP error a lower layer's failure answers; anything else as it is. */
function answerOf(error: unknown, write: boolean): unknown {
  if (error instanceof StoreError) return httpErrorOf(error as StoreFailure, write);
  if (error instanceof StorageError) return httpErrorOfStorage(error as StorageFailure, write);
  return error;
}

/**
 * Maps any thrown value to a problem response; `unexpected` tells the caller to log it as an error.
 * `method` is the request's: a 503 of a write says that the change may have been made.
 */
export function problemResponse(
  error: unknown,
  instance: string,
  requestId: string,
  method = 'GET',
): { response: APIGatewayProxyStructuredResultV2; unexpected: boolean } {
  const answer = answerOf(error, method !== 'GET');
  const expected = answer instanceof HttpError;
  const problem = expected ? problemOf(answer, instance, requestId) : internalProblem(instance, requestId);
  return {
    unexpected: !expected,
    response: {
      statusCode: problem.status,
      headers: { ...(expected ? answer.headers : {}), 'content-type': PROBLEM_MEDIA_TYPE },
      body: JSON.stringify(problem),
    },
  };
}
