/**
 * Erasing a user's partition USER#<sub>, one bounded step at a time: the `items` step of an erasure
 * (src/operations/erasure/). Everything a user owns lives in that partition (todos, tag pointers,
 * attachment records and counters, idempotency records; only the guards live elsewhere, and they go
 * with the profile), so erasing it is Query + delete, restarted from the top each time because what
 * was deleted is gone:
 *
 *   Query PK = USER#<sub> (keys only, consistent, Limit = what the step may still delete)
 *     ─► BatchWriteItem ≤ 25 deletes each, 4 at once ─► Query again ... until the step deleted
 *        MAX_ITEMS_PER_STEP (more may follow: the next step goes on) or a Query finds nothing
 *        (done: also after items written by requests racing the erase)
 *
 * Bounded so that no invocation runs long whatever the partition holds: each step is one invocation,
 * and recording it starts the next one.
 *
 * A profile the Query finds was created by a POST /users racing the erase, after the request deleted
 * the first. It never goes by BatchWriteItem: its username guard lives outside the partition, and
 * would stay behind, locking that username for everyone. It goes with its guard, in one transaction
 * (./users.ts).
 *
 * BatchWriteItem may leave some deletes unprocessed (throttling); those are resent with exponential
 * backoff, in a loop of its own rather than ./conditional-write.ts: a batch succeeds in part, nothing
 * in it is conditional, and up to 4 × 25 deletes at once into one partition need longer waits than a
 * transaction's conflict.
 */
import { BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './client';
import { TableUnavailable } from './errors';
import { PROFILE_SK, type TableKey, userPartition } from './keys';
import { deleteProfile } from './users';

/** What one step cost and did; the benchmarks report it. */
export interface PurgeReport {
  /** Items removed: a racing profile's guards included. */
  itemsDeleted: number;
  batchWriteRequests: number;
  queryRequests: number;
  /** A Query found the partition empty: nothing of the user is left in it. */
  done: boolean;
}

export interface PurgeOptions {
  /** At most this many deletes in the step; MAX_ITEMS_PER_STEP by default. */
  maxItems?: number;
}

/** BatchWriteItem's limit. */
export const BATCH_SIZE = 25;
/**
 * One step's deletes: 20 BatchWriteItems, 4 at once, about a second on DynamoDB, and whole batches
 * (a multiple of 25), so a partition costs ⌈items / 25⌉ BatchWriteItems however the steps cut it.
 */
export const MAX_ITEMS_PER_STEP = 500;
/** Chunks sent at once: quick, without flooding a partition. */
const PARALLEL_BATCHES = 4;
const MAX_BATCH_ATTEMPTS = 8;

/** 50 ms, 100 ms, ... capped at 3.2 s, each with equal jitter (half fixed, half random). */
function unprocessedBackoff(attempt: number): Promise<void> {
  const ceiling = 50 * 2 ** Math.min(attempt - 1, 6);
  return new Promise((resolve) => setTimeout(resolve, ceiling / 2 + (Math.random() * ceiling) / 2));
}

async function deleteBatch(keys: TableKey[], report: PurgeReport): Promise<void> {
  let pending = keys.map((Key) => ({ DeleteRequest: { Key } }));
  for (let attempt = 1; pending.length > 0; attempt++) {
    if (attempt > MAX_BATCH_ATTEMPTS) {
      // DynamoDB kept leaving them unprocessed: the partition is throttled, a 503 to retry later.
      throw new TableUnavailable({
        cause: new Error(
          `${pending.length} deletes still unprocessed after ${MAX_BATCH_ATTEMPTS} BatchWriteItem attempts`,
        ),
      });
    }
    if (attempt > 1) await unprocessedBackoff(attempt - 1);
    const out = await documentClient.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
    report.batchWriteRequests++;
    pending = (out.UnprocessedItems?.[tableName] ?? []) as typeof pending;
  }
  report.itemsDeleted += keys.length;
}

async function deleteKeys(keys: TableKey[], report: PurgeReport): Promise<void> {
  const batches: TableKey[][] = [];
  for (let i = 0; i < keys.length; i += BATCH_SIZE) batches.push(keys.slice(i, i + BATCH_SIZE));
  for (let i = 0; i < batches.length; i += PARALLEL_BATCHES) {
    await Promise.all(batches.slice(i, i + PARALLEL_BATCHES).map((batch) => deleteBatch(batch, report)));
  }
}

/**
 * Deletes up to `maxItems` items of the caller's partition. Safe to repeat, and to run twice at once
 * (a retried batch of stream records): a delete of a deleted item changes nothing.
 */
export async function purgePartitionStep(sub: string, options: PurgeOptions = {}): Promise<PurgeReport> {
  const maxItems = options.maxItems ?? MAX_ITEMS_PER_STEP;
  const partition = userPartition(sub);
  const report: PurgeReport = { itemsDeleted: 0, batchWriteRequests: 0, queryRequests: 0, done: false };
  let found = 0;
  while (found < maxItems) {
    const page = await documentClient.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': partition },
        ProjectionExpression: 'PK, SK',
        ConsistentRead: true,
        Limit: maxItems - found,
      }),
    );
    report.queryRequests++;
    const keys = (page.Items ?? []) as TableKey[];
    if (keys.length === 0) {
      report.done = true;
      break;
    }
    found += keys.length;
    if (keys.some((key) => key.SK === PROFILE_SK)) report.itemsDeleted += await deleteProfile(sub, undefined);
    await deleteKeys(
      keys.filter((key) => key.SK !== PROFILE_SK),
      report,
    );
  }
  return report;
}
