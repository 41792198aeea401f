/**
 * Which failures of an AWS call mean "the dependency cannot serve us right now" rather than "our
 * request is wrong": throttling, timeouts (the SDK's, or the request's time budget running out),
 * connections that fail, and the service's own 5xx. The store and storage turn these into their
 * "unavailable" errors, which answer 503 with Retry-After; anything else (a validation error, a
 * missing table, an access denied) is a bug and stays a 500.
 *
 * The SDK has already retried these where it retries at all (3 attempts, ../store/client.ts and
 * ../storage/s3-client.ts): what arrives here outlasted that.
 */

/** Error names AWS and the SDK use for throttling, timeouts and outages (DynamoDB, S3, Smithy). */
const UNAVAILABLE_NAMES = new Set([
  // Throttling (DynamoDB, S3, the SDK's own list)
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'Throttling',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'TooManyRequestsException',
  'SlowDown',
  // A transaction with this token is still running (DynamoDB): its outcome is not known yet.
  'TransactionInProgressException',
  // The service failing
  'InternalServerError',
  'InternalError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  // Time
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  // The request's time budget ran out (./time-budget.ts): the SDK aborts the call.
  'AbortError',
]);

/** Node's codes for connections that failed or were cut. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

interface AwsLikeError {
  name?: string;
  code?: string;
  $metadata?: { httpStatusCode?: number };
}

export function isUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, code, $metadata } = error as AwsLikeError;
  if (name !== undefined && UNAVAILABLE_NAMES.has(name)) return true;
  if (code !== undefined && NETWORK_CODES.has(code)) return true;
  const status = $metadata?.httpStatusCode;
  return status === 429 || (status !== undefined && status >= 500);
}
