/**
 * Counting a caller's usage from the data, for the first write that finds no usage item (a new user,
 * or data stored before quotas existed) or one deleted because it disagreed (./usage.ts). Three
 * Queries of the caller's partition, each paginated: the todos (Select COUNT), the attachment records'
 * sizes, and the idempotency records' expiry. Then one PutItem, if no one stored an item meanwhile.
 *
 * While the item is missing no write can change what is counted: each of them updates the item in its
 * transaction, conditioned on its counts, and a missing item fails them all. (A racing erase of the
 * whole partition does not take part: an item counted during it may survive it, counting todos that
 * are gone, until deleted; docs/quotas.md.)
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './client';
import { ATTACHMENTS_PREFIX, IDEMPOTENCY_PREFIX, TODO_PREFIX } from './keys';
import { pagesOf } from './partition-range';
import { hourOf, type Usage, usageItemOf } from './usage-item';

export async function countUsage(sub: string, now = new Date()): Promise<Usage> {
  const usage: Usage = { todos: 0, attachmentBytes: 0, keys: 0, keyHours: {} };
  for await (const page of pagesOf(sub, TODO_PREFIX, { Select: 'COUNT' })) usage.todos += page.Count ?? 0;
  const sizes = { ProjectionExpression: '#size', ExpressionAttributeNames: { '#size': 'size' } };
  for await (const page of pagesOf(sub, ATTACHMENTS_PREFIX, sizes))
    for (const item of page.Items ?? []) usage.attachmentBytes += Number(item.size ?? 0);
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const expiries = { ProjectionExpression: '#ttl', ExpressionAttributeNames: { '#ttl': 'ttl' } };
  for await (const page of pagesOf(sub, IDEMPOTENCY_PREFIX, expiries))
    for (const item of page.Items ?? []) {
      const ttl = Number(item.ttl);
      // Expired, and only waiting for TTL's deletion: not live.
      if (!(ttl >= nowSeconds)) continue;
      const hour = hourOf(ttl);
      usage.keyHours[hour] = (usage.keyHours[hour] ?? 0) + 1;
      usage.keys++;
    }
  return usage;
}

/** Counts and stores the caller's usage, unless another request stored it first. */
export async function storeCountedUsage(sub: string, now = new Date()): Promise<void> {
  const usage = await countUsage(sub, now);
  try {
    await documentClient.send(
      new PutCommand({
        TableName: tableName,
        Item: usageItemOf(sub, usage),
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  } catch (error) {
    if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
  }
}
