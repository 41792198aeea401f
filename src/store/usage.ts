/**
 * Per-user quotas: how many todos, how many bytes of attachments and how many live idempotency
 * records one account may hold (the numbers and why: docs/quotas.md). They are counted in one item
 * per user, `USER#<sub>`/`USAGE`, which every write that changes them updates IN THE SAME
 * TRANSACTION, conditioned on the room left, as the attachment counter is:
 *
 *   POST /todos        TransactWrite [Put todo ..., Update USAGE todos += 1   IF todos <= limit - 1]
 *   DELETE todo        TransactWrite [Delete todo ..., Update USAGE todos -= 1, bytes -= its files' IF >= those]
 *   POST attachment    TransactWrite [..., Update USAGE bytes += size         IF bytes <= limit - size]
 *
 * so no number of concurrent requests can overshoot a limit, and a delete gives back exactly what it
 * removed. A failed condition does not say why: `afterRefusal` reads the item and tells the limit
 * from a lost race.
 *
 * The item is created by counting (./usage-count.ts) the first time a write finds it missing: a new
 * user, or data stored before quotas existed. Every write that changes a count requires the item to
 * exist (a comparison with a missing attribute is false), so nothing changes the counts while they are
 * being taken. An item that disagrees with the data or itself (a decrement below zero, keys that do not
 * add up to their hours) is deleted and counted again, and so can one a person deletes by hand.
 *
 * Idempotency records are never deleted by a request: DynamoDB's TTL removes them, silently, up to
 * days after they expire, so nothing could give their quota back when they go. So they are counted
 * by the hour they expire in (`keys@2026-11-28T10`), and "live" means "expiring in an hour that has
 * not ended": a claim adds 1 to `keys` and to its hour. When `keys` reaches the limit, the hours that
 * have ended are taken off `keys` (and removed), and only if none has is the claim refused, with the
 * seconds until the oldest hour ends. A record counts at most an hour past its expiry, never less.
 */
import { DeleteCommand, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './client';
import { LOST_RACE, type TransactItem } from './conditional-write';
import { AttachmentStorageFull, IdempotencyKeyLimitReached, TodoLimitReached } from './errors';
import { usageKey } from './keys';
import { storeCountedUsage } from './usage-count';
import { hourEnd, hourOf, KEY_HOUR_PREFIX, type Usage, usageOf } from './usage-item';

/** The limits of one account (docs/quotas.md says why these numbers). */
export const QUOTAS = {
  todos: 10_000,
  /** 1 GiB: a hundred files of the largest size (10 MiB), pending uploads included. */
  attachmentBytes: 1024 ** 3,
  /** Idempotency records live at once, each for 24 hours after its create. */
  idempotencyKeys: 1_000,
} as const;

/** What one write changes: todos and bytes up or down, and whether it claims an idempotency key. */
export interface UsageChange {
  todos?: number;
  attachmentBytes?: number;
  /** The claimed record's `ttl` (epoch seconds): its hour is counted. */
  keyExpiresAt?: number;
}

const epochSeconds = (now: Date): number => Math.floor(now.getTime() / 1000);

/** The Update of the caller's usage for a transaction: `change` applied only if it stays in bounds. */
export function usageUpdate(sub: string, change: UsageChange): TransactItem {
  const sets: string[] = [];
  const conditions: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, number> = {};
  const count = (attribute: 'todos' | 'attachmentBytes', delta: number | undefined, limit: number) => {
    if (!delta) return;
    names[`#${attribute}`] = attribute;
    values[`:${attribute}`] = delta;
    sets.push(`#${attribute} = #${attribute} + :${attribute}`);
    // Conditions cannot add: the room is computed here. Both forms are false on a missing item.
    if (delta > 0) {
      values[`:${attribute}Room`] = limit - delta;
      conditions.push(`#${attribute} <= :${attribute}Room`);
    } else {
      values[`:${attribute}Held`] = -delta;
      conditions.push(`#${attribute} >= :${attribute}Held`);
    }
  };
  count('todos', change.todos, QUOTAS.todos);
  count('attachmentBytes', change.attachmentBytes, QUOTAS.attachmentBytes);
  if (change.keyExpiresAt !== undefined) {
    Object.assign(names, { '#keys': 'keys', '#hour': KEY_HOUR_PREFIX + hourOf(change.keyExpiresAt) });
    Object.assign(values, { ':one': 1, ':zero': 0, ':keysRoom': QUOTAS.idempotencyKeys - 1 });
    sets.push('#keys = #keys + :one', '#hour = if_not_exists(#hour, :zero) + :one');
    conditions.push('#keys <= :keysRoom');
  }
  return {
    Update: {
      TableName: tableName,
      Key: usageKey(sub),
      UpdateExpression: `SET ${sets.join(', ')}`,
      ConditionExpression: conditions.join(' AND '),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

/** The caller's usage as stored now (strongly consistent), or undefined before it was counted. */
export async function readUsage(sub: string): Promise<Usage | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: tableName, Key: usageKey(sub), ConsistentRead: true }),
  );
  return Item ? usageOf(Item) : undefined;
}

/**
 * The usage item's condition failed in a transaction that tried `change`: throws the limit it
 * reached, or makes the item usable again and answers LOST_RACE (plan again from a fresh read):
 * counted where it was missing, expired key hours taken off, counted again where it disagrees with
 * the data, or simply changed meanwhile by another write.
 */
export async function afterRefusal(
  sub: string,
  change: UsageChange,
  now = new Date(),
): Promise<typeof LOST_RACE> {
  const usage = await readUsage(sub);
  if (!usage) {
    await storeCountedUsage(sub, now);
    return LOST_RACE;
  }
  const todos = change.todos ?? 0;
  const bytes = change.attachmentBytes ?? 0;
  if (todos > 0 && usage.todos + todos > QUOTAS.todos) throw new TodoLimitReached(QUOTAS.todos);
  if (bytes > 0 && usage.attachmentBytes + bytes > QUOTAS.attachmentBytes)
    throw new AttachmentStorageFull(QUOTAS.attachmentBytes, usage.attachmentBytes, bytes);
  const keysByHour = Object.values(usage.keyHours).reduce((sum, n) => sum + n, 0);
  const disagrees = usage.todos + todos < 0 || usage.attachmentBytes + bytes < 0 || usage.keys !== keysByHour;
  if (disagrees) {
    await forgetUsage(sub, usage);
    return LOST_RACE;
  }
  if (change.keyExpiresAt !== undefined && usage.keys >= QUOTAS.idempotencyKeys) {
    if (await releaseEndedKeyHours(sub, usage, now)) return LOST_RACE;
    throw new IdempotencyKeyLimitReached(QUOTAS.idempotencyKeys, secondsUntilAKeyFrees(usage, now));
  }
  return LOST_RACE;
}

/** Takes the hours that have ended off `keys`; false when none has. */
async function releaseEndedKeyHours(sub: string, usage: Usage, now: Date): Promise<boolean> {
  const ended = Object.entries(usage.keyHours).filter(([hour]) => hourEnd(hour) <= epochSeconds(now));
  if (ended.length === 0) return false;
  const names: Record<string, string> = { '#keys': 'keys' };
  const values: Record<string, number> = { ':released': ended.reduce((sum, [, n]) => sum + n, 0) };
  ended.forEach(([hour, n], i) => {
    names[`#h${i}`] = KEY_HOUR_PREFIX + hour;
    values[`:h${i}`] = n;
  });
  const hours = ended.map((_, i) => `#h${i}`);
  try {
    await documentClient.send(
      new UpdateCommand({
        TableName: tableName,
        Key: usageKey(sub),
        UpdateExpression: `SET #keys = #keys - :released REMOVE ${hours.join(', ')}`,
        // Exactly what was read: a concurrent release takes them off once.
        ConditionExpression: hours.map((h, i) => `${h} = :h${i}`).join(' AND '),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
  } catch (error) {
    if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
  }
  return true;
}

/** Seconds until the earliest counted hour ends (at least 1; the keys add up to their hours). */
function secondsUntilAKeyFrees(usage: Usage, now: Date): number {
  const earliest = Math.min(...Object.keys(usage.keyHours).map(hourEnd));
  return Math.max(1, earliest - epochSeconds(now));
}

/** Deletes an item that disagrees with the data (as read), so that the next write counts afresh. */
async function forgetUsage(sub: string, read: Usage): Promise<void> {
  try {
    await documentClient.send(
      new DeleteCommand({
        TableName: tableName,
        Key: usageKey(sub),
        ConditionExpression: 'todos = :todos AND attachmentBytes = :bytes',
        ExpressionAttributeValues: { ':todos': read.todos, ':bytes': read.attachmentBytes },
      }),
    );
  } catch (error) {
    if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
  }
}
