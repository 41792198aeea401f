/**
 * Reading why DynamoDB cancelled a TransactWriteItems, and pacing retries. A cancelled transaction
 * reports one reason per item, in request order: `None`, `ConditionalCheckFailed`,
 * `TransactionConflict` (another transaction touched the item meanwhile), `ThrottlingError` (the
 * item's partition was over its throughput; the SDK does not retry a transaction cancelled so), ...
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { PreconditionFailedError } from '../http/errors';

/** How often a write re-reads and retries after losing a race before it gives up. */
export const MAX_WRITE_ATTEMPTS = 10;

/** The cancellation code of each item, or `undefined` when `error` is not a cancelled transaction. */
export function cancellationCodes(error: unknown): string[] | undefined {
  if (!(error instanceof TransactionCanceledException)) return undefined;
  return (error.CancellationReasons ?? []).map((reason) => reason.Code ?? 'None');
}

/** Nothing was decided (an item was busy or throttled): the same transaction may succeed later. */
export function retryableCancellation(codes: string[]): boolean {
  return codes.some((code) => code === 'TransactionConflict' || code === 'ThrottlingError');
}

/** The transaction lost a race on some item (or was throttled): re-reading and trying again may succeed. */
export function lostRace(codes: string[]): boolean {
  return codes.includes('ConditionalCheckFailed') || retryableCancellation(codes);
}

/** After the last attempt: a throttle stays the error it is (a 500), a lost race is a 412 to re-read. */
export function gaveUp(codes: string[], error: unknown): unknown {
  return codes.includes('ThrottlingError') ? error : keptChanging(error);
}

/** Full-jitter exponential backoff: 0-20 ms, 0-40 ms, ... capped at 640 ms. */
export function backoff(attempt: number): Promise<void> {
  const ceiling = 20 * 2 ** Math.min(attempt, 5);
  return new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
}

/** Every attempt lost its race: rare enough to hand back to the client rather than wait longer. */
export function keptChanging(cause: unknown): PreconditionFailedError {
  return new PreconditionFailedError(
    `The todo kept changing while this request tried to save it (${MAX_WRITE_ATTEMPTS} attempts). Read it again and retry.`,
    { cause },
  );
}
