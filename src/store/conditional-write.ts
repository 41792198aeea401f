/**
 * The one path for the store's conditional writes: every TransactWriteItems of the store goes out
 * through `conditionalWrite`, which owns the retry loop, the backoff, when to stop and the reading
 * of cancellation reasons. A write brings a plan per attempt (read, check, compute the items) and
 * says what a failed condition means; everything else is decided here, the same for every write.
 *
 * A cancelled transaction reports one reason per item, in request order: `None`,
 * `ConditionalCheckFailed`, `TransactionConflict` (another transaction held the item meanwhile),
 * `ThrottlingError` (the item's partition was over its throughput; the SDK does not retry a
 * transaction cancelled so), ...
 *
 *   attempt 1   plan: read v3, check If-Match, items ── TransactWrite ──┬─ commits ──▶ plan.committed
 *                                                                        └─ cancelled, because
 *     a condition failed ── plan.conditionFailed(failed) ─┬─ what it means (UsernameTaken, ...) ─▶ answered
 *                                                         └─ LOST_RACE: another write came first ──┐
 *     only TransactionConflict / ThrottlingError: nothing was decided ──────────────────────────────┤
 *     any other reason ──▶ thrown as is (so is an error that is no cancellation)                    │
 *   backoff ◀───────────────────────────────────────────────────────────────────────────────────────┘
 *   attempt 2   plan again from a fresh read: v4 (with If-Match "3" the plan throws VersionMismatch) ── ...
 *   ...
 *   the request's time budget cannot pay for another backoff and attempt:
 *               a ThrottlingError among the last reasons ──▶ TableUnavailable (the table is overloaded)
 *               otherwise ──▶ WriteContended (other writes kept winning)
 *
 * Both answer 503 with Retry-After: the request was fine, nothing of it was written, and it may
 * succeed a moment later. There is no attempt limit: a write without If-Match never answers 412
 * because others wrote too; it keeps applying its change to the newest version for as long as the
 * request may take (../aws/time-budget.ts; UNBUDGETED_WRITE_MS for code outside a request).
 *
 * A retry after a lost answer (the transaction was applied, the SDK timed out waiting and sent it
 * again) is DynamoDB's business: the SDK sends the same ClientRequestToken, and DynamoDB answers it as
 * the success it was.
 *
 * Not here: single-item writes (a PutItem or UpdateItem has no cancellation reasons, and the SDK
 * retries its throttling errors itself: THROTTLING_ERROR_CODES of @smithy/core), and the batch loops
 * of ./todos-list.ts and ./purge-user.ts (a batch succeeds in part and resends the rest; nothing in it
 * is conditional, nothing to re-read).
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { remainingBudgetMs } from '../aws/time-budget';
import { documentClient } from './client';
import { TableUnavailable, WriteContended } from './errors';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** How long a write outside any request's time budget (a bucket event, a script) keeps trying. */
export const UNBUDGETED_WRITE_MS = 10_000;

/**
 * Less time than this left: no attempt is started. A read and a transaction take tens of
 * milliseconds; one cut short by the budget's end would answer "may have been made" instead of
 * "nothing was changed".
 */
const MIN_ATTEMPT_MS = 500;

/** What `conditionFailed` answers when the failed condition means another write came first. */
export const LOST_RACE = Symbol('lost race');

type Verdict<T> = T | typeof LOST_RACE;

/** One attempt of a write. */
export interface WritePlan<T> {
  /** The transaction's items. None: there is nothing to write, and `committed` is the answer. */
  items: TransactItem[];
  /** The answer once the transaction committed. */
  committed: T;
  /**
   * Some item's condition failed (`failed[i]`, in item order). Throw or return what that means, or
   * LOST_RACE to plan again from a fresh read. Without it, every failed condition is a lost race.
   */
  conditionFailed?(failed: boolean[], cause: TransactionCanceledException): Verdict<T> | Promise<Verdict<T>>;
}

export async function conditionalWrite<T>(
  plan: (attempt: number) => Promise<WritePlan<T>> | WritePlan<T>,
): Promise<T> {
  const remaining = remainingBudgetMs();
  const giveUpAt = Date.now() + (Number.isFinite(remaining) ? remaining : UNBUDGETED_WRITE_MS);
  let lost: { error: TransactionCanceledException; codes: string[] } | undefined;
  for (let attempt = 1; ; attempt++) {
    if (lost) {
      const left = giveUpAt - Date.now() - MIN_ATTEMPT_MS;
      if (left <= 0) {
        const { error, codes } = lost;
        if (codes.includes('ThrottlingError')) throw new TableUnavailable({ cause: error });
        throw new WriteContended(attempt - 1, { cause: error });
      }
      await sleep(Math.min(backoffMs(attempt - 1), left));
    }
    const { items, committed, conditionFailed } = await plan(attempt);
    if (items.length === 0) return committed;
    try {
      await documentClient.send(new TransactWriteCommand({ TransactItems: items }));
      return committed;
    } catch (error) {
      if (!(error instanceof TransactionCanceledException)) throw error;
      const codes = (error.CancellationReasons ?? []).map((reason) => reason.Code ?? 'None');
      const failed = codes.map((code) => code === 'ConditionalCheckFailed');
      if (failed.includes(true)) {
        const verdict = conditionFailed ? await conditionFailed(failed, error) : LOST_RACE;
        if (verdict !== LOST_RACE) return verdict;
      } else if (!codes.some((code) => code === 'TransactionConflict' || code === 'ThrottlingError')) {
        throw error;
      }
      lost = { error, codes };
    }
  }
}

/**
 * Full-jitter exponential backoff after the `attempt`th try: 0-40 ms, 0-80 ms, ... at most 5.12 s
 * (the 8th). Dozens of writers to one item all retrying within a short ceiling would spend the
 * table on transactions that fail; a ceiling that keeps growing spreads them out.
 */
export function backoffMs(attempt: number): number {
  return Math.random() * 20 * 2 ** Math.min(attempt, 8);
}

/** 0-40 ms, 0-80 ms, ... at most 640 ms: paces the list's BatchGetItem resends (./todos-list.ts). */
export function backoff(attempt: number): Promise<void> {
  return sleep(Math.random() * 20 * 2 ** Math.min(attempt, 5));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
