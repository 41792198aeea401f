/**
 * How an HTTP API's JWT authorizer hands claims to the Lambda: every value becomes a string, the way
 * API Gateway prints them (its authorizer is written in Go): numbers in plain notation
 * (`"1700000000"`), booleans as `true`/`false`, arrays as `[a b]` and objects as `map[k:v]`.
 *
 *   { "cognito:groups": ["admin", "ops"], "exp": 1700000000 }
 *   → { "cognito:groups": "[admin ops]", "exp": "1700000000" }
 */
export function stringifyClaims(payload: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(payload).map(([name, value]) => [name, printed(value)]));
}

function printed(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    return Number.isInteger(value) ? BigInt(value).toString() : String(value);
  }
  if (typeof value === 'boolean') return String(value);
  if (value === null || value === undefined) return '<nil>';
  if (Array.isArray(value)) return `[${value.map(printed).join(' ')}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
  return `map[${entries.map(([k, v]) => `${k}:${printed(v)}`).join(' ')}]`;
}

/** The token's scopes from `scope` (space-separated) or `scp` (list or string); null when it has none. */
export function scopesOf(payload: Record<string, unknown>): string[] | null {
  const raw = payload.scope ?? payload.scp;
  if (Array.isArray(raw)) return raw.length ? raw.map(String) : null;
  if (typeof raw === 'string') {
    const scopes = raw.split(' ').filter(Boolean);
    return scopes.length ? scopes : null;
  }
  return null;
}
