/**
 * One request through the emulated HTTP API, in API Gateway's order:
 *
 *   OPTIONS (CORS on) → 204 preflight, no Lambda
 *   route match       → 404 {"message":"Not Found"}
 *   JWT authorizer    → 401 {"message":"Unauthorized"} + www-authenticate
 *   route's scopes    → 403 {"message":"Forbidden"} + www-authenticate (a verified token without them)
 *   Lambda invoke     → 500 {"message":"Internal Server Error"} on a throw or an unusable result,
 *                       503 {"message":"Service Unavailable"} past the integration timeout
 *   response mapping  → Lambda CORS headers dropped, the API's added, apigw-requestid set
 *
 * (413 for an oversized body is answered by the server before the pipeline reads it.)
 */
import type { JWTVerifyGetKey } from 'jose';
import { preflightHeaders, responseCorsHeaders, withoutCorsHeaders } from './cors';
import type { ApiRoute, HttpApi } from './http-api';
import {
  createJwtAuthorizer,
  hasRequiredScope,
  insufficientScopeChallenge,
  type JwtAuthorizer,
} from './jwt-authorizer';
import {
  type FunctionSettings,
  invokeWithTimeout,
  type LambdaHandler,
  lambdaContextOf,
} from './lambda-invoke';
import { type ApiRequest, buildEvent, decodePath, headersOf, splitTarget } from './payload-event';
import { type HttpResponse, httpResponseOf } from './payload-response';
import { createRouteMatcher } from './route-matcher';

export type FunctionHandlers =
  | Readonly<Record<string, LambdaHandler>>
  | ((functionLogicalId: string) => LambdaHandler | undefined);

export interface PipelineOptions {
  api: HttpApi;
  /**
   * The Lambda handlers by logical id (`{ UsersFunction: handler }`), or a lookup called per request
   * (so rebuilt bundles can be swapped in).
   */
  handlers: FunctionHandlers;
  /** What the Lambda context reports for a function; defaults when absent. */
  settingsOf?: (functionLogicalId: string) => FunctionSettings | undefined;
  /** The keys tokens are verified against, e.g. `createRemoteJWKSet(jwksUri)`. */
  keys: JWTVerifyGetKey;
  /** Overrides every route's integration timeout (tests use a short one). */
  integrationTimeoutMs?: number;
  region?: string;
}

/** What the request log line says about how the request ended. */
export interface PipelineOutcome {
  response: HttpResponse;
  routeKey?: string;
  functionLogicalId?: string;
  integrationLatencyMs?: number;
  /** Why the gateway answered instead of the Lambda (refused token, throw, timeout...). */
  error?: string;
}

export type RequestPipeline = (request: ApiRequest) => Promise<PipelineOutcome>;

export function gatewayMessage(statusCode: number, message: string, headers = {}): HttpResponse {
  return {
    statusCode,
    headers: { 'content-type': 'application/json', ...headers },
    body: Buffer.from(JSON.stringify({ message })),
  };
}

export function createRequestPipeline(options: PipelineOptions): RequestPipeline {
  const { api } = options;
  const match = createRouteMatcher(api.routes);
  const authorizers = new Map<string, JwtAuthorizer>();
  const authorizerOf = (route: ApiRoute): JwtAuthorizer | undefined => {
    if (!route.authorizer) return undefined;
    let authorizer = authorizers.get(route.authorizer.name);
    if (!authorizer) {
      authorizer = createJwtAuthorizer(route.authorizer, options.keys);
      authorizers.set(route.authorizer.name, authorizer);
    }
    return authorizer;
  };
  const region = options.region ?? 'us-east-1';
  const { handlers } = options;
  const handlerOf = (id: string) =>
    typeof handlers === 'function' ? handlers(id) : Object.hasOwn(handlers, id) ? handlers[id] : undefined;

  const routeAndInvoke = async (
    request: ApiRequest,
    headers: Record<string, string>,
  ): Promise<PipelineOutcome> => {
    const matched = match(request.method, decodePath(splitTarget(request.target).rawPath));
    if (!matched) return { response: gatewayMessage(404, 'Not Found'), error: 'no route' };
    const { route } = matched;
    const base = { routeKey: route.routeKey, functionLogicalId: route.functionLogicalId };

    const authorizer = authorizerOf(route);
    const authorization = authorizer ? await authorizer(headers) : undefined;
    if (authorization && !authorization.authorized) {
      const response = gatewayMessage(401, 'Unauthorized', { 'www-authenticate': authorization.challenge });
      return { ...base, response, error: `unauthorized: ${authorization.reason}` };
    }
    if (authorization?.authorized && !hasRequiredScope(authorization.scopes, route.authorizationScopes)) {
      const challenge = insufficientScopeChallenge(route.authorizationScopes);
      const response = gatewayMessage(403, 'Forbidden', { 'www-authenticate': challenge });
      return { ...base, response, error: 'forbidden: the token has none of the route scopes' };
    }

    const handler = handlerOf(route.functionLogicalId);
    if (!handler) {
      const error = `no handler for ${route.functionLogicalId}`;
      return { ...base, response: gatewayMessage(500, 'Internal Server Error'), error };
    }
    const event = buildEvent(
      request,
      {
        routeKey: route.routeKey,
        pathParameters: matched.pathParameters,
        // `scopes` is null on a route without authorizationScopes, whatever the token carries (as
        // API Gateway delivered it: test/local/support/captured-event.ts); else the token's scopes.
        ...(authorization?.authorized
          ? {
              jwt: {
                claims: authorization.claims,
                scopes: route.authorizationScopes.length > 0 ? authorization.scopes : null,
              },
            }
          : {}),
      },
      headers,
    );
    const settings = options.settingsOf?.(route.functionLogicalId) ?? {
      functionName: route.functionLogicalId,
      memoryMb: 128,
      timeoutSeconds: 30,
    };
    const timeoutMs = options.integrationTimeoutMs ?? route.integrationTimeoutMs;
    const started = performance.now();
    const outcome = await invokeWithTimeout(handler, event, lambdaContextOf(settings, region), timeoutMs);
    const integrationLatencyMs = Math.round(performance.now() - started);
    const timing = { ...base, integrationLatencyMs };

    if (outcome.kind === 'timed-out') {
      const error = `integration timed out after ${timeoutMs} ms`;
      return { ...timing, response: gatewayMessage(503, 'Service Unavailable'), error };
    }
    if (outcome.kind === 'threw') {
      return {
        ...timing,
        response: gatewayMessage(500, 'Internal Server Error'),
        error: errorText(outcome.error),
      };
    }
    try {
      return { ...timing, response: httpResponseOf(outcome.result) };
    } catch (error) {
      return { ...timing, response: gatewayMessage(500, 'Internal Server Error'), error: errorText(error) };
    }
  };

  return async (request) => {
    const headers = headersOf(request.rawHeaders);
    const requestId = { 'apigw-requestid': request.requestId };
    if (api.cors && request.method === 'OPTIONS') {
      const preflight = { ...preflightHeaders(api.cors, headers), ...requestId };
      return { response: { statusCode: 204, headers: preflight, body: Buffer.alloc(0) } };
    }
    const outcome = await routeAndInvoke(request, headers);
    const { headers: sent } = outcome.response;
    outcome.response.headers = api.cors
      ? { ...withoutCorsHeaders(sent), ...responseCorsHeaders(api.cors, headers), ...requestId }
      : { ...sent, ...requestId };
    return outcome;
  };
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
