/**
 * DELETE /users/me in the store: the profile and its guards (one transaction, If-Match honoured),
 * then every other item of partition USER#<sub>: todos, tag pointers, attachment metadata,
 * idempotency records. Everything a user owns lives in that partition, so erasing is Query + delete:
 *
 *   Query PK = USER#<sub> (keys only, paginated) ─► BatchWriteItem ≤25 deletes each ─► repeat the
 *   Query until it finds nothing (catches an item written by a request racing the erase)
 *
 * A profile the Query finds was created by a POST /users racing the erase, after the first delete.
 * It never goes by BatchWriteItem: its username guard lives outside the partition, and would stay
 * behind, locking that username for everyone. It goes with its guard, in the
 * same transaction as the first one.
 *
 * BatchWriteItem may leave some deletes unprocessed (throttling); those are resent with exponential
 * backoff, in a loop of its own rather than ./conditional-write.ts: a batch succeeds in part, nothing
 * in it is conditional, and up to 4 × 25 deletes at once into one partition need longer waits than a
 * transaction's conflict. Stored files (S3) are not the store's business: the operation erases them
 * afterwards.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './client';
import { TableUnavailable } from './errors';
import type { IfMatch } from './if-match';
import { PROFILE_SK, type TableKey, userPartition } from './keys';
import { deleteProfile } from './users';

/** What an erase cost; the benchmarks report it. */
export interface PurgeReport {
  /** Whether there was a profile (and so two guards) to delete. */
  profileDeleted: boolean;
  /** Items removed: profile and guards included. */
  itemsDeleted: number;
  batchWriteRequests: number;
  queryRequests: number;
}

export interface PurgeOptions {
  /** The client to send through (tests inject faults with it); the container's by default. */
  client?: Pick<DynamoDBDocumentClient, 'send'>;
}

/** BatchWriteItem's limit. */
export const BATCH_SIZE = 25;
/** Chunks of one page sent at once: quick, without flooding a partition. */
const PARALLEL_BATCHES = 4;
const MAX_BATCH_ATTEMPTS = 8;
/** A user racing their own erase with writes forever still lets DELETE finish. */
const MAX_SWEEPS = 5;

/** 50 ms, 100 ms, ... capped at 3.2 s, each with equal jitter (half fixed, half random). */
function unprocessedBackoff(attempt: number): Promise<void> {
  const ceiling = 50 * 2 ** Math.min(attempt - 1, 6);
  return new Promise((resolve) => setTimeout(resolve, ceiling / 2 + (Math.random() * ceiling) / 2));
}

async function deleteBatch(
  client: Pick<DynamoDBDocumentClient, 'send'>,
  keys: TableKey[],
  report: PurgeReport,
): Promise<void> {
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
    const out = await client.send(new BatchWriteCommand({ RequestItems: { [tableName]: pending } }));
    report.batchWriteRequests++;
    pending = (out.UnprocessedItems?.[tableName] ?? []) as typeof pending;
  }
  report.itemsDeleted += keys.length;
}

async function deleteKeys(
  client: Pick<DynamoDBDocumentClient, 'send'>,
  keys: TableKey[],
  report: PurgeReport,
): Promise<void> {
  const batches: TableKey[][] = [];
  for (let i = 0; i < keys.length; i += BATCH_SIZE) batches.push(keys.slice(i, i + BATCH_SIZE));
  for (let i = 0; i < batches.length; i += PARALLEL_BATCHES) {
    await Promise.all(
      batches.slice(i, i + PARALLEL_BATCHES).map((batch) => deleteBatch(client, batch, report)),
    );
  }
}

/** Deletes every item of the partition; answers how many the last sweep found (0 = it is empty). */
async function sweep(
  client: Pick<DynamoDBDocumentClient, 'send'>,
  sub: string,
  report: PurgeReport,
): Promise<number> {
  const partition = userPartition(sub);
  let found = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': partition },
        ProjectionExpression: 'PK, SK',
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    report.queryRequests++;
    const keys = (page.Items ?? []) as TableKey[];
    found += keys.length;
    if (keys.some((key) => key.SK === PROFILE_SK)) report.itemsDeleted += await deleteProfile(sub, undefined);
    await deleteKeys(
      client,
      keys.filter((key) => key.SK !== PROFILE_SK),
      report,
    );
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return found;
}

/** Erases everything the caller owns in the table. Safe to repeat: a second run finds nothing. */
export async function purgeUser(
  sub: string,
  ifMatch: IfMatch,
  options: PurgeOptions = {},
): Promise<PurgeReport> {
  const client = options.client ?? documentClient;
  const guardsAndProfile = await deleteProfile(sub, ifMatch);
  const report: PurgeReport = {
    profileDeleted: guardsAndProfile > 0,
    itemsDeleted: guardsAndProfile,
    batchWriteRequests: 0,
    queryRequests: 0,
  };
  for (let i = 0; i < MAX_SWEEPS; i++) {
    if ((await sweep(client, sub, report)) === 0) break;
  }
  return report;
}
