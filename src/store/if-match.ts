/**
 * The precondition a conditional write checks against the stored version. Parsing the If-Match
 * header is HTTP's business (src/http/etag.ts); comparing it with what is stored is the store's.
 */
import { type VersionedResource, VersionMismatch } from './errors';

/**
 * `undefined`: no precondition; `'*'`: any current version; otherwise one of `versions`. Weak tags
 * (`W/"3"`) never match under If-Match's strong comparison, and an unquoted `3` is not an entity tag
 * at all; their versions are kept in `unusable` so that a mismatch can say the tag was mistyped (a
 * proxy that compresses responses weakens ETags) rather than stale.
 */
export type IfMatch = undefined | '*' | { versions: number[]; unusable: number[] };

/** Throws VersionMismatch unless `current` satisfies the precondition. */
export function assertIfMatch(ifMatch: IfMatch, current: number, resource: VersionedResource): void {
  if (ifMatch === undefined || ifMatch === '*' || ifMatch.versions.includes(current)) return;
  throw new VersionMismatch(resource, current, ifMatch.unusable.includes(current));
}
