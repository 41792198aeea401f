/**
 * Opaque pagination cursors. A cursor is base64url JSON `{"v":1,"k":"<ulid>","s":"<scope>"}`:
 * the ulid of the last item of the page, and a fingerprint of who listed what (caller, list,
 * filters). It carries no table keys: the store rebuilds ExclusiveStartKey from the CALLER's sub and
 * the ulid, so a cursor can never move a query into another user's partition.
 *
 * Decoding validates everything and throws InvalidCursor (a 400) for a cursor that is garbled,
 * forged (bad shape or id), another user's (scope differs) or issued for other filters (scope
 * differs), instead of a 500 or a silently wrong page. The scope is a hash, not a signature: a
 * caller who forges a cursor for their own scope can only skip within their own items.
 */
import { createHash } from 'node:crypto';
import { InvalidCursor } from './errors';

const VERSION = 1;
const ULID = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const MAX_LENGTH = 1024;

/** What a cursor belongs to. Every member takes part in the fingerprint. */
export interface CursorScope {
  sub: string;
  /** Which list: `todos`, `attachments:<todoId>`, ... */
  list: string;
  filters: Record<string, string | number | boolean | undefined>;
}

export function scopeFingerprint(scope: CursorScope): string {
  const filters = Object.entries(scope.filters)
    .filter(([, value]) => value !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash('sha256')
    .update(JSON.stringify([scope.sub, scope.list, filters]))
    .digest('base64url')
    .slice(0, 22);
}

export function encodeCursor(lastId: string, scope: CursorScope): string {
  return Buffer.from(JSON.stringify({ v: VERSION, k: lastId, s: scopeFingerprint(scope) })).toString(
    'base64url',
  );
}

/** The ulid the next page starts after; throws InvalidCursor unless `cursor` was issued for `scope`. */
export function decodeCursor(cursor: string, scope: CursorScope): string {
  if (cursor.length > MAX_LENGTH || !BASE64URL.test(cursor)) throw new InvalidCursor();
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch (cause) {
    throw new InvalidCursor({ cause });
  }
  if (decoded === null || typeof decoded !== 'object' || Array.isArray(decoded)) throw new InvalidCursor();
  const { v, k, s } = decoded as Record<string, unknown>;
  if (v !== VERSION || typeof k !== 'string' || !ULID.test(k) || s !== scopeFingerprint(scope)) {
    throw new InvalidCursor();
  }
  return k;
}
