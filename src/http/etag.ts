import { PreconditionFailedError } from './errors';

/** Strong ETag derived from a representation's version: version 3 → `"3"`. */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/**
 * Reads an `If-Match` header (RFC 9110 §13.1.1) into what a conditional write needs:
 * `undefined` when absent, `'*'` for any current version, or the acceptable versions.
 * Weak tags (`W/"3"`) never match under If-Match's strong comparison, and an unquoted `3` is not
 * an entity tag at all, so neither is acceptable; they are kept in `unusable` so that a 412 can say
 * the tag was mistyped (a proxy that compresses responses weakens ETags) rather than stale.
 */
export type IfMatch = undefined | '*' | { versions: number[]; unusable: number[] };

export function parseIfMatch(header: string | undefined): IfMatch {
  if (header === undefined) return undefined;
  const value = header.trim();
  if (value === '*') return '*';
  const versions: number[] = [];
  const unusable: number[] = [];
  for (const part of value.split(',')) {
    const match = /^(W\/)?("?)(\d{1,15})("?)$/.exec(part.trim());
    if (!match?.[3]) continue;
    const strong = match[1] === undefined && match[2] === '"' && match[4] === '"';
    (strong ? versions : unusable).push(Number(match[3]));
  }
  return { versions, unusable };
}

/** Throws 412 unless `current` satisfies the precondition. */
export function assertIfMatch(ifMatch: IfMatch, current: number, what: string): void {
  if (ifMatch === undefined || ifMatch === '*' || ifMatch.versions.includes(current)) return;
  const detail = ifMatch.unusable.includes(current)
    ? `If-Match must repeat the ETag exactly as received, quoted and without W/: ${etagOf(current)}. ` +
      'A weak or unquoted tag never matches (RFC 9110 strong comparison).'
    : `The ${what} changed since you read it (current ETag ${etagOf(current)}). Read it again and retry.`;
  throw new PreconditionFailedError(detail, { headers: { ETag: etagOf(current) } });
}
