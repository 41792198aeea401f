/**
 * The one place where failures become RFC 9457 problem+json responses. The request pipeline throws
 * `HttpError`s (./errors.ts); the store throws its own failures (src/store/errors.ts), answered as
 * ./store-problems.ts says; anything else is a bug and answers a 500 that names nothing internal (the
 * cause goes to the log, keyed by the request id, never to the client).
 */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { StoreError, type StoreFailure } from '../store/errors';
import { type FieldError, HttpError, PROBLEM_BASE } from './errors';
import { httpErrorOf } from './store-problems';

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  /** Extension member on 500s: the id to quote when reporting the failure. */
  requestId?: string;
}

export function problemOf(error: HttpError, instance: string): Problem {
  return {
    type: error.type,
    title: error.title,
    status: error.status,
    detail: error.detail,
    instance,
    ...(error.errors && error.errors.length > 0 ? { errors: error.errors } : {}),
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

/** Maps any thrown value to a problem response; `unexpected` tells the caller to log it as an error. */
export function problemResponse(
  error: unknown,
  instance: string,
  requestId: string,
): { response: APIGatewayProxyStructuredResultV2; unexpected: boolean } {
  const answer = error instanceof StoreError ? httpErrorOf(error as StoreFailure) : error;
  const expected = answer instanceof HttpError;
  const problem = expected ? problemOf(answer, instance) : internalProblem(instance, requestId);
  return {
    unexpected: !expected,
    response: {
      statusCode: problem.status,
      headers: { ...(expected ? answer.headers : {}), 'content-type': PROBLEM_MEDIA_TYPE },
      body: JSON.stringify(problem),
    },
  };
}
