/**
 * The `If-Match` for a representation read earlier: its strong ETag, which the API derives from
 * `version` (`"3"` for version 3; README, "How a request flows"). A stale one answers 412.
 */
export function ifMatchOf(representation: { version: number }): string {
  return `"${representation.version}"`;
}
