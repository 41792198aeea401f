/** Types of gateway-rules.js (plain JavaScript so the Redocly CLI can load it without a TypeScript loader). */

export declare const GATEWAY_RULES: readonly [
  'openapi-3-0',
  'aws-proxy-integration',
  'one-security-requirement',
  'no-request-validators',
  'jwt-authorizer-scheme',
];

export type GatewayRule = (typeof GATEWAY_RULES)[number];

export interface GatewayProblem {
  rule: GatewayRule;
  /** JSON path of the offending node, e.g. `['paths', '/todos', 'get', 'security']`. */
  path: (string | number)[];
  /** Names the problem and the fix. */
  message: string;
}

/** Checks a parsed OpenAPI document (references unresolved) against what API Gateway HTTP APIs import. */
export declare function checkGatewayRules(document: unknown): GatewayProblem[];
