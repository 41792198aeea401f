/**
 * What a failed call leaves behind, for the screens: the contract's `Problem` (RFC 9457), API
 * Gateway's `{message}` (401, 429), or a network error (the API or S3 did not answer, or CORS
 * refused the answer).
 */
import type { GatewayError, Problem } from '../../../src/client';

export const PROBLEM_TYPES = {
  validation: 'https://swiftyplanner.dev/problems/validation-error',
  preconditionFailed: 'https://swiftyplanner.dev/problems/precondition-failed',
  notFound: 'https://swiftyplanner.dev/problems/not-found',
  usernameTaken: 'https://swiftyplanner.dev/problems/username-taken',
} as const;

export function isProblem(error: unknown): error is Problem {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as Problem).status === 'number' &&
    typeof (error as Problem).title === 'string'
  );
}

export function isGatewayError(error: unknown): error is GatewayError {
  return typeof error === 'object' && error !== null && typeof (error as GatewayError).message === 'string';
}

export function hasStatus(error: unknown, status: number): boolean {
  return isProblem(error) && error.status === status;
}

export function isRetryable(error: unknown): boolean {
  if (isProblem(error)) return error.status >= 500;
  if (isGatewayError(error) && !(error instanceof Error)) return error.message === 'Too Many Requests';
  return true; // a network failure: the next try may get through
}

/** A title and a detail for a person: what went wrong and, where the API says it, what to do. */
export function describeError(error: unknown): { title: string; detail?: string; requestId?: string } {
  if (isProblem(error)) {
    return {
      title: error.title,
      ...(error.detail ? { detail: error.detail } : {}),
      ...(error.requestId ? { requestId: error.requestId } : {}),
    };
  }
  if (error instanceof TypeError) {
    return {
      title: 'The request did not get through',
      detail: `${error.message}. Check that the API is running and reachable, then try again.`,
    };
  }
  if (error instanceof Error) return { title: 'Something went wrong', detail: error.message };
  if (isGatewayError(error)) return { title: error.message };
  return { title: 'Something went wrong', detail: String(error) };
}

/**
 * Field errors by field name: `errors[].pointer` `/body/title` lands on `title`, and a taken
 * username (409) on its field (an email is contact data, never taken). The rest of the problem stays
 * for the form's summary.
 */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  if (!isProblem(error)) return {};
  const fields: Record<string, string> = {};
  for (const { pointer, message } of error.errors ?? []) {
    const field = /^\/body\/([^/]+)/.exec(pointer)?.[1];
    if (field && !fields[field]) fields[field] = message;
  }
  if (error.type === PROBLEM_TYPES.usernameTaken) fields.username = error.detail ?? error.title;
  return fields;
}
