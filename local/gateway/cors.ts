/**
 * CORS as an HTTP API does it from `x-amazon-apigateway-cors`: API Gateway answers every preflight
 * OPTIONS itself (the Lambda never sees it), adds the CORS headers to every response for an allowed
 * origin, and ignores CORS headers the Lambda returns.
 */
export interface CorsConfig {
  allowOrigins: string[];
  allowMethods: string[];
  allowHeaders: string[];
  exposeHeaders: string[];
  maxAge?: number;
  allowCredentials: boolean;
}

type HeaderMap = Record<string, string>;

export function corsConfigOf(raw: unknown): CorsConfig {
  const config = (raw ?? {}) as Record<string, unknown>;
  const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);
  return {
    allowOrigins: list(config.allowOrigins),
    allowMethods: list(config.allowMethods).map((m) => m.toUpperCase()),
    allowHeaders: list(config.allowHeaders).map((h) => h.toLowerCase()),
    exposeHeaders: list(config.exposeHeaders).map((h) => h.toLowerCase()),
    ...(typeof config.maxAge === 'number' ? { maxAge: config.maxAge } : {}),
    allowCredentials: config.allowCredentials === true,
  };
}

/** `*` allows any origin; otherwise the origin must be listed exactly (scheme, host and port). */
function allowedOrigin(cors: CorsConfig, origin: string | undefined): string | undefined {
  if (!origin) return undefined;
  if (cors.allowOrigins.includes('*')) return cors.allowCredentials ? origin : '*';
  return cors.allowOrigins.includes(origin) ? origin : undefined;
}

/**
 * Headers of the 204 answer to a preflight. A disallowed origin gets none, so the browser refuses;
 * methods and headers are listed as configured and the browser checks its request against them.
 */
export function preflightHeaders(cors: CorsConfig, headers: HeaderMap): HeaderMap {
  const origin = allowedOrigin(cors, headers.origin);
  if (!origin || !headers['access-control-request-method']) return {};
  return {
    'access-control-allow-origin': origin,
    ...(cors.allowMethods.length ? { 'access-control-allow-methods': cors.allowMethods.join(',') } : {}),
    ...(cors.allowHeaders.length ? { 'access-control-allow-headers': cors.allowHeaders.join(',') } : {}),
    ...(cors.maxAge !== undefined ? { 'access-control-max-age': String(cors.maxAge) } : {}),
    ...(cors.allowCredentials ? { 'access-control-allow-credentials': 'true' } : {}),
  };
}

/** Headers added to an actual (non-preflight) response for an allowed origin. */
export function responseCorsHeaders(cors: CorsConfig, headers: HeaderMap): HeaderMap {
  const origin = allowedOrigin(cors, headers.origin);
  if (!origin) return {};
  return {
    'access-control-allow-origin': origin,
    ...(cors.exposeHeaders.length ? { 'access-control-expose-headers': cors.exposeHeaders.join(',') } : {}),
    ...(cors.allowCredentials ? { 'access-control-allow-credentials': 'true' } : {}),
  };
}

/** Drops the CORS headers a Lambda set: with CORS configured, API Gateway's own win. */
export function withoutCorsHeaders<T>(headers: Record<string, T>): Record<string, T> {
  return Object.fromEntries(
    Object.entries(headers).filter(([name]) => !name.toLowerCase().startsWith('access-control-')),
  );
}
