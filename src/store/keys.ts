/**
 * The key shape every item shares, and the partition that holds everything one user owns
 * (profile, todos, tag pointers, attachment records, idempotency records). Only the two
 * uniqueness guards live outside it (see ./users-items.ts).
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
