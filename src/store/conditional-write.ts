/**
 * The one path for the store's conditional writes: every TransactWriteItems of the store goes out
 * through `conditionalWrite`, which owns the retry loop, the backoff, the attempt limit and the
 * reading of cancellation reasons. A write brings a plan per attempt (read, check, compute the items)
 * and says what a failed condition means; everything else is decided here, the same for every write.
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
 *   attempt 10  lost too: a ThrottlingError among its reasons ──▶ that error, unexpected (a 500): the
 *                         table is overloaded, the data is not contested
 *               otherwise ──▶ KeptChanging (the client reads again) for a write about a `resource`;
 *                             that error, unexpected, for one without (a create has nothing to re-read)
 *
 * Not here: single-item writes (a PutItem or UpdateItem has no cancellation reasons, and the SDK
 * retries its throttling errors itself: THROTTLING_ERROR_CODES of @smithy/core), and the batch loops
 * of ./todos-list.ts and ./purge-user.ts (a batch succeeds in part and resends the rest; nothing in it
 * is conditional, nothing to re-read).
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { documentClient } from './client';
import { KeptChanging, type VersionedResource } from './errors';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** How many times a write is tried before it gives up: rare enough to hand back rather than wait longer. */
export const MAX_WRITE_ATTEMPTS = 10;

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

export interface ConditionalWriteOptions {
  /** What the write changes: when every attempt lost its race, the answer is KeptChanging for it. */
  resource?: VersionedResource;
}

export async function conditionalWrite<T>(
  plan: (attempt: number) => Promise<WritePlan<T>> | WritePlan<T>,
  { resource }: ConditionalWriteOptions = {},
): Promise<T> {
  let lost: { error: TransactionCanceledException; codes: string[] } | undefined;
  for (let attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt++) {
    if (lost) await backoff(attempt - 1);
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
  // Every attempt lost (the loop returns or throws otherwise).
  const { error, codes } = lost as NonNullable<typeof lost>;
  if (resource && !codes.includes('ThrottlingError')) {
    throw new KeptChanging(resource, MAX_WRITE_ATTEMPTS, { cause: error });
  }
  throw error;
}

/**
 * Full-jitter exponential backoff after the `attempt`th try: 0-40 ms, 0-80 ms, ... at most 640 ms.
 * Also paces the list's BatchGetItem resends (./todos-list.ts).
 */
export function backoff(attempt: number): Promise<void> {
  const ceiling = 20 * 2 ** Math.min(attempt, 5);
  return new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
}
