/**
 * Every key of the table, built in one place. Everything a user owns lives in their partition
 * `USER#<sub>`, and every key starts from the caller's verified sub, so no request can name another
 * user's item; only the username guards (and email guards of before) live outside it. Items and
 * access patterns: docs/store.md.
 */
export interface TableKey {
  PK: string;
  SK: string;
}

/**
 * `#` separates key segments. Tags (`^[a-z0-9-]+$`) and ULIDs cannot contain it; a sub could, and
 * `USER#a#TAG#x...` would then read as user `a`'s tag index. The function handler refuses such a
 * caller with a 401 before any operation runs (src/http/parse-request.ts); this is the backstop.
 */
export function userPartition(sub: string): string {
  if (!isUsableSub(sub)) {
    throw new Error(
      `A caller sub must be non-empty, at most ${MAX_SUB_BYTES} bytes and without "#": it is part of table keys.`,
    );
  }
  return `USER#${sub}`;
}

/**
 * OpenID Connect caps `sub` at 255 ASCII characters (Cognito's are 36). A longer one would make key
 * values DynamoDB refuses (a partition key is at most 2,048 bytes): a 500 for a token, not a 401.
 */
export const MAX_SUB_BYTES = 255;

export function isUsableSub(sub: string): boolean {
  return sub.length > 0 && !sub.includes('#') && Buffer.byteLength(sub) <= MAX_SUB_BYTES;
}

// Todos and their tag pointers. A todo's id is a ULID, so "newest first" is "sort key descending".

/** `TODO#`: the sort keys of the caller's todos (and GSI1SK of todos and pointers) begin so. */
export const TODO_PREFIX = 'TODO#';

export const todoSortKey = (todoId: string): string => `${TODO_PREFIX}${todoId}`;

export function todoKey(sub: string, todoId: string): TableKey {
  return { PK: userPartition(sub), SK: todoSortKey(todoId) };
}

/** `TAG#<tag>#`: one pointer per tag of a todo, so a tag's todos are one range of the partition. */
export const tagPointerPrefix = (tag: string): string => `TAG#${tag}#`;

export function tagPointerKey(sub: string, tag: string, todoId: string): TableKey {
  return { PK: userPartition(sub), SK: tagPointerPrefix(tag) + todoId };
}

/** GSI1PK of a todo: its owner's todos with this `completed`. */
export function completedPartition(sub: string, completed: boolean): string {
  return `${userPartition(sub)}#COMPLETED#${completed}`;
}

/** GSI1PK of a tag pointer: its owner's todos with this tag and this `completed`. */
export function tagCompletedPartition(sub: string, tag: string, completed: boolean): string {
  return `${userPartition(sub)}#TAG#${tag}#COMPLETED#${completed}`;
}

/** The ulid at the end of a todo or pointer sort key (`TODO#<ulid>`, `TAG#<tag>#<ulid>`). */
export function todoIdOfSortKey(sortKey: string): string {
  return sortKey.slice(sortKey.lastIndexOf('#') + 1);
}

// Attachments: metadata records and one counter per todo. The counter's SK does not start with
// TODO#, so todo listings skip it.

/** `ATT#`: every attachment record of the caller; `ATT#<todoId>#`: a todo's, one range of the partition. */
export const ATTACHMENTS_PREFIX = 'ATT#';
export const attachmentPrefix = (todoId: string): string => `${ATTACHMENTS_PREFIX}${todoId}#`;

export function attachmentKey(sub: string, todoId: string, attachmentId: string): TableKey {
  return { PK: userPartition(sub), SK: attachmentPrefix(todoId) + attachmentId };
}

export function attachmentCounterKey(sub: string, todoId: string): TableKey {
  return { PK: userPartition(sub), SK: `ATTCOUNT#${todoId}` };
}

// The caller's usage (todos, attachment bytes, live idempotency records), one item, updated in the
// same transaction as every write that changes it (./usage.ts). Its SK starts with none of the
// prefixes above, so no listing reads it.

export const USAGE_SK = 'USAGE';

export function usageKey(sub: string): TableKey {
  return { PK: userPartition(sub), SK: USAGE_SK };
}

/** `IDEMPOTENCY#`: the caller's idempotency records are one range of the partition. */
export const IDEMPOTENCY_PREFIX = 'IDEMPOTENCY#';

// Idempotency records, scoped to the caller: two users may pick the same key.

export function idempotencyKey(sub: string, key: string): TableKey {
  return { PK: userPartition(sub), SK: `${IDEMPOTENCY_PREFIX}${key}` };
}

// The profile, and its username guard. A guard's key IS the unique value, so
// `attribute_not_exists(PK)` on its Put is a uniqueness check.

export const PROFILE_SK = 'PROFILE';

export function profileKey(sub: string): TableKey {
  return { PK: userPartition(sub), SK: PROFILE_SK };
}

/** Usernames are lower-case by contract (`^[a-z0-9_.-]+$`), so the value is its own key. */
export function usernameGuardKey(username: string): TableKey {
  const key = `USERNAME#${username}`;
  return { PK: key, SK: key };
}

/**
 * The email guard a profile held before emails became contact data (./legacy-email-guards.ts): no
 * write creates one any more. Emails compared case-insensitively, hence lower-cased.
 */
export function emailGuardKey(email: string): TableKey {
  const key = `EMAIL#${email.toLowerCase()}`;
  return { PK: key, SK: key };
}

// Erasure requests: one per user, outside the user's partition, so that erasing the partition
// never deletes the record of what is left to erase (./erasure-requests.ts).

export function erasureKey(sub: string): TableKey {
  const key = `ERASURE#${sub}`;
  userPartition(sub); // the same rule for the sub as every other key
  return { PK: key, SK: key };
}

/** GSI1PK of the requests not finished yet: one Query lists them (for an operator to resume). */
export const PENDING_ERASURES = 'ERASURES#pending';

// Keys read back from the table's change records (src/operations/erasure/table-changes.ts), which
// carry keys only: the inverse of the builders above, undefined for a key they would not have made.

export function subOfErasureKey(key: TableKey): string | undefined {
  const sub = key.PK.startsWith('ERASURE#') ? key.PK.slice('ERASURE#'.length) : '';
  return isUsableSub(sub) && key.SK === key.PK ? sub : undefined;
}

export function attachmentOfRecordKey(
  key: TableKey,
): { sub: string; todoId: string; attachmentId: string } | undefined {
  const sub = key.PK.startsWith('USER#') ? key.PK.slice('USER#'.length) : '';
  const [kind, todoId, attachmentId, ...rest] = key.SK.split('#');
  if (!isUsableSub(sub) || kind !== 'ATT' || !todoId || !attachmentId || rest.length > 0) return undefined;
  return { sub, todoId, attachmentId };
}
// GET /health reads this key to see that the table answers. No item is ever written there: every
// other key starts with USER#, USERNAME#, EMAIL# or ERASURE#.

export const HEALTH_PROBE_KEY: TableKey = { PK: 'HEALTH', SK: 'HEALTH' };
