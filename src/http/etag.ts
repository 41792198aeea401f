import { PreconditionFailedError } from './errors';

/** Strong ETag derived from a representation's version: version 3 → `"3"`. */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/**
 * Reads an `If-Match` header (RFC 9110 §13.1.1) into what a conditional write needs:
 * `undefined` when absent, `'*'` for any current version, or the list of acceptable versions.
 * Weak tags (`W/"3"`) never match under If-Match's strong comparison, so they count as stale.
 */
export type IfMatch = undefined | '*' | number[];

export function parseIfMatch(header: string | undefined): IfMatch {
  if (header === undefined) return undefined;
  const value = header.trim();
  if (value === '*') return '*';
  const versions: number[] = [];
  for (const part of value.split(',')) {
    const match = /^"(\d{1,15})"$/.exec(part.trim());
    if (match?.[1]) versions.push(Number(match[1]));
  }
  return versions;
}

/** Throws 412 unless `current` satisfies the precondition. */
export function assertIfMatch(ifMatch: IfMatch, current: number, what: string): void {
  if (ifMatch === undefined || ifMatch === '*') return;
  if (!ifMatch.includes(current)) {
    throw new PreconditionFailedError(
      `The ${what} changed since you read it (current ETag ${etagOf(current)}). Read it again and retry.`,
      { headers: { ETag: etagOf(current) } },
    );
  }
}
