/**
 * The `If-Match` for a representation read earlier: the `ETag` the API sent with it, unchanged. The
 * contract's ETags are opaque (a profile's also names its incarnation, so a profile deleted and
 * created again never matches an old tag): the app's client records every answer's ETag against the
 * representation it came with (`recordEtag`, in ./api.ts), and a write sends that back. A stale one
 * answers 412.
 *
 * A todo read from a list came without an ETag of its own; a todo's tag is its `version` (`"3"`), so
 * that is what it sends.
 */

/** What tells one representation from another: which resource, which incarnation, which version. */
interface Versioned {
  id?: string;
  createdAt: string;
  version: number;
}

const keyOf = (representation: Versioned) =>
  `${representation.id ?? ''}|${representation.createdAt}|${representation.version}`;

/** The latest ETags seen, oldest first; a long session keeps only the most recent. */
const seen = new Map<string, string>();
const KEPT = 500;

export function recordEtag(body: unknown, etag: string | null): void {
  if (!etag || typeof body !== 'object' || body === null) return;
  const { createdAt, version } = body as Partial<Versioned>;
  if (typeof createdAt !== 'string' || typeof version !== 'number') return;
  const key = keyOf(body as Versioned);
  seen.delete(key);
  seen.set(key, etag);
  if (seen.size > KEPT) seen.delete(seen.keys().next().value as string);
}

export function ifMatchOf(representation: Versioned): string {
  return seen.get(keyOf(representation)) ?? `"${representation.version}"`;
}
