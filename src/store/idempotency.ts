/**
 * Idempotency records: `Idempotency-Key` on POST /todos makes a retried create answer the todo the
 * first attempt created instead of creating a second one. A record holds the todo's id, a hash of
 * the request, the todo as first answered, and a `ttl`.
 *
 *   - claim a key:  Put with attribute_not_exists(PK) OR ttl < now, in the SAME transaction as the
 *                   todo, so a todo never exists without its record or the other way round
 *   - replay:       GetItem (consistent) when the claim failed; same requestHash → the same todo,
 *                   another hash → IdempotencyKeyReused
 *
 * `ttl` (epoch seconds) lets DynamoDB expire records after 24 hours; TTL deletion lags by up to
 * days, so the claim's condition and the read both treat an expired record as absent.
 */
import { createHash } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './client';
import type { TransactItem } from './conditional-write';
import { idempotencyKey } from './keys';
import type { Todo } from './todos-items';

export const IDEMPOTENCY_WINDOW_SECONDS = 24 * 60 * 60;

/** What a create with an `Idempotency-Key` claims: the key and a hash of the request it stands for. */
export interface IdempotencyClaim {
  key: string;
  requestHash: string;
}

export interface IdempotencyRecord {
  todoId: string;
  requestHash: string;
  /** The todo as the first request answered it, for a replay after the todo was deleted. */
  todo: Todo;
  ttl: number;
}

/**
 * A hash of the request body that does not depend on member order: `{"a":1,"b":2}` and
 * `{"b":2,"a":1}` are the same request. Array order is kept (it is meaningful for tags).
 */
export function requestHashOf(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('base64url');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const members = Object.entries(value as Record<string, unknown>)
      .filter(([, member]) => member !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, member]) => `${JSON.stringify(name)}:${canonicalJson(member)}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const epochSeconds = (now: Date): number => Math.floor(now.getTime() / 1000);

/** The `ttl` of a record claimed at `now`: when it stops answering retries. */
export const recordExpiryOf = (now: Date): number => epochSeconds(now) + IDEMPOTENCY_WINDOW_SECONDS;

/** The transaction item that claims `claim.key` for `todo`; it fails while a live record holds the key. */
export function idempotencyClaimPut(
  sub: string,
  claim: IdempotencyClaim,
  todo: Todo,
  now: Date,
): TransactItem {
  const record: IdempotencyRecord = {
    todoId: todo.id,
    requestHash: claim.requestHash,
    todo,
    ttl: recordExpiryOf(now),
  };
  return {
    Put: {
      TableName: tableName,
      Item: { ...idempotencyKey(sub, claim.key), type: 'idempotency', ...record },
      ConditionExpression: 'attribute_not_exists(PK) OR #ttl < :now',
      ExpressionAttributeNames: { '#ttl': 'ttl' },
      ExpressionAttributeValues: { ':now': epochSeconds(now) },
    },
  };
}

/** The live record for `key`, or `undefined` when there is none or it has expired. */
export async function readIdempotencyRecord(
  sub: string,
  key: string,
  now: Date,
): Promise<IdempotencyRecord | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: tableName, Key: idempotencyKey(sub, key), ConsistentRead: true }),
  );
  if (!Item || typeof Item.ttl !== 'number' || Item.ttl < epochSeconds(now)) return undefined;
  return Item as IdempotencyRecord;
}
