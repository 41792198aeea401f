/** Types of gateway-limits.js (plain JavaScript so the Redocly CLI can load it without a TypeScript loader). */

export declare const LIMIT_RULES: readonly [
  'api-name-length',
  'api-description-length',
  'api-version-length',
  'operation-name-length',
  'routes-per-api',
  'authorizer-quotas',
  'aws-tags',
];

export type LimitRule = (typeof LIMIT_RULES)[number];

export interface LimitProblem {
  rule: LimitRule;
  /** JSON path of the offending node, e.g. `['info', 'description']`. */
  path: (string | number)[];
  /** Names the limit, its documented source and the fix. */
  message: string;
}

/** Checks a parsed OpenAPI document (references unresolved) against the limits AWS publishes for HTTP APIs. */
export declare function checkGatewayLimits(document: unknown): LimitProblem[];
