import type { IfMatch } from '../store/if-match';

/** Strong ETag derived from a representation's version: version 3 → `"3"`. */
export function etagOf(version: number): string {
  return `"${version}"`;
}

/**
 * Reads an `If-Match` header (RFC 9110 §13.1.1) into the store's precondition (src/store/if-match.ts):
 * `undefined` when absent, `'*'` for any current version, or the acceptable versions. A weak tag
 * (`W/"3"`) or an unquoted `3` goes to `unusable`: it never matches, but its 412 can say why.
 */
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
