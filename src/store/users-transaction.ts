/**
 * Running a users TransactWriteItems and reading why DynamoDB cancelled it. A cancelled transaction
 * reports one reason per item, in request order: `None`, `ConditionalCheckFailed`,
 * `TransactionConflict` (another transaction held the item), `ThrottlingError`, ... Those two are retried here with
 * backoff; condition failures are handed back to the caller, who knows what each item meant.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { documentClient } from './client';
import { retryableCancellation } from './todos-transaction';

/** How many times a users write re-reads and retries after losing a race before it gives up. */
export const MAX_USER_WRITE_ATTEMPTS = 8;

type TransactItems = NonNullable<TransactWriteCommandInput['TransactItems']>;

/** Full-jitter exponential backoff: 0-25 ms, 0-50 ms, ... capped at 800 ms. */
export function backoff(attempt: number): Promise<void> {
  const ceiling = 25 * 2 ** Math.min(attempt, 5);
  return new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
}

/** `undefined`: committed. Otherwise which items' conditions failed, in request order. */
export type TransactOutcome = undefined | { failed: boolean[] };

/**
 * Commits the items, retrying while another transaction merely held one of them
 * (`TransactionConflict`: nothing was decided yet). A failed condition is an answer, not a race to
 * retry blindly: it goes back to the caller, who knows what each item meant. Other errors propagate.
 */
export async function transact(items: TransactItems): Promise<TransactOutcome> {
  for (let attempt = 1; ; attempt++) {
    try {
      await documentClient.send(new TransactWriteCommand({ TransactItems: items }));
      return undefined;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const codes = (error.CancellationReasons ?? []).map((reason) => reason.Code ?? 'None');
      if (codes.includes('ConditionalCheckFailed')) {
        return { failed: codes.map((code) => code === 'ConditionalCheckFailed') };
      }
      if (!retryableCancellation(codes) || attempt >= MAX_USER_WRITE_ATTEMPTS) {
        throw new Error(`Users transaction cancelled (${codes.join(', ')}) after ${attempt} attempts`, {
          cause: error,
        });
      }
      await backoff(attempt);
    }
  }
}
