/**
 * The precondition a conditional write checks against what is stored. Parsing the If-Match header
 * is HTTP's business (src/http/etag.ts); comparing it with the stored resource's tag is the store's,
 * and so is the tag itself: a todo's is its `version` (a todo id is never used again), a profile's
 * also names its incarnation (./users-items.ts: `/users/me` is the same URL for a profile deleted
 * and created again).
 */
import { type VersionedResource, VersionMismatch } from './errors';

/**
 * `undefined`: no precondition; `'*'`: any current representation; otherwise one of `tags` (the
 * opaque tags, without quotes). Weak tags (`W/"3"`) never match under If-Match's strong comparison,
 * and an unquoted `3` is not an entity tag at all; they are kept in `unusable` so that a mismatch can
 * say the tag was mistyped (a proxy that compresses responses weakens ETags) rather than stale.
 */
export type IfMatch = undefined | '*' | { tags: string[]; unusable: string[] };

/**
 * Throws VersionMismatch unless the resource's current tag satisfies the precondition. `current`
 * undefined: there is no such resource, and any If-Match, `*` included, is false (RFC 9110 §13.1.1).
 */
export function assertIfMatch(
  ifMatch: IfMatch,
  current: string | undefined,
  resource: VersionedResource,
): void {
  if (ifMatch === undefined) return;
  if (current === undefined) throw new VersionMismatch(resource, undefined, false);
  if (ifMatch === '*' || ifMatch.tags.includes(current)) return;
  throw new VersionMismatch(resource, current, ifMatch.unusable.includes(current));
}
