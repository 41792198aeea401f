import type { IfMatch } from '../store/if-match';

/**
 * A strong ETag (RFC 9110 §8.8.3) from a resource's tag, as the store makes it
 * (src/store/if-match.ts): `"3"` for a todo at version 3, `"m1x2k9q0-3"` for a profile.
 */
export function etagOf(tag: string): string {
  return `"${tag}"`;
}

/** An entity tag: optional `W/`, then quoted etagc characters (RFC 9110 §8.8.3). */
const ENTITY_TAG = /^(W\/)?"([\x21\x23-\x7e]*)"$/;
/** What a client may have meant as a tag but sent without quotes: `3`, `m1x2k9q0-3`. */
const UNQUOTED = /^[\x21\x23-\x7e]+$/;

/**
 * Reads an `If-Match` header (RFC 9110 §13.1.1) into the store's precondition: `undefined` when
 * absent, `'*'` for any current representation, or the acceptable tags. A weak tag (`W/"3"`) or an
 * unquoted `3` goes to `unusable`: it never matches, but its 412 can say why.
 */
export function parseIfMatch(header: string | undefined): IfMatch {
  if (header === undefined) return undefined;
  const value = header.trim();
  if (value === '*') return '*';
  const tags: string[] = [];
  const unusable: string[] = [];
  for (const part of value.split(',')) {
    const candidate = part.trim();
    const tag = ENTITY_TAG.exec(candidate);
    if (tag) (tag[1] === undefined ? tags : unusable).push(tag[2] ?? '');
    else if (UNQUOTED.test(candidate)) unusable.push(candidate);
  }
  return { tags, unusable };
}
