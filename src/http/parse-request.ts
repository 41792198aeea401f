/**
 * event → the validated request an operation handler receives. Identity first (defence in depth
 * behind the gateway's JWT authorizer: an access token of this app client, with a usable `sub`),
 * then the body's media type and JSON, then every part is validated against the contract and EVERY
 * failing field is reported in one 400.
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import type { CompiledOperation } from '../contract/compiled-operation';
import { isUsableSub, MAX_SUB_BYTES } from '../store/keys';
import { type FieldError, UnauthenticatedError, ValidationError } from './errors';
import { fieldErrorsOf, type RequestPart } from './field-errors';
import type { Caller } from './operation';
import { readBody } from './request-body';
import { parametersOf } from './request-parameters';

/** The runtime shape of `OperationRequest<K>`; the types tie it to K at the handler boundary. */
export interface ParsedRequest {
  body: unknown;
  path: Record<string, unknown>;
  query: Record<string, unknown>;
  headers: Record<string, unknown>;
  caller: Caller | undefined;
  rawPath: string;
  basePath: string;
  requestId: string;
}

/**
 * The JWT authorizer's `sub`; only what the gateway verified counts. A sub that cannot key the
 * caller's partition (it contains `#`, or is too long) identifies no one: answered 401 like a missing one.
 */
export function callerOf(event: APIGatewayProxyEventV2WithJWTAuthorizer): Caller | undefined {
  const sub = event.requestContext?.authorizer?.jwt?.claims?.sub;
  return typeof sub === 'string' && isUsableSub(sub) ? { sub } : undefined;
}

/**
 * Why the verified token is not one this API takes, when it is not: an ID token or another client's
 * token should never pass the gateway (its routes require the API's scope, its audience is this
 * client), but a misconfigured route or authorizer must not let one through.
 */
function refusedTokenDetail(event: APIGatewayProxyEventV2WithJWTAuthorizer): string | undefined {
  const claims = event.requestContext?.authorizer?.jwt?.claims ?? {};
  if (claims.token_use !== 'access')
    return `The bearer token is ${claims.token_use === 'id' ? 'an ID token' : 'not an access token'}. Send the access token of your sign-in.`;
  const clientId = process.env.USER_POOL_CLIENT_ID;
  if (!clientId) throw new Error('USER_POOL_CLIENT_ID is not set: the function cannot tell its app client.');
  if (claims.client_id !== clientId)
    return "The access token was issued to another app client. Sign in through this API's app client.";
  return undefined;
}

/** Why a verified token still identifies no one, when that is the reason (undefined otherwise). */
function unusableSubDetail(event: APIGatewayProxyEventV2WithJWTAuthorizer): string | undefined {
  const sub = event.requestContext?.authorizer?.jwt?.claims?.sub;
  if (typeof sub !== 'string' || sub === '') return undefined;
  if (sub.includes('#'))
    return 'The token\'s sub claim contains "#", which this API cannot use as a user id. Use an identity whose sub has no "#".';
  return `The token's sub claim is longer than ${MAX_SUB_BYTES} bytes (OpenID Connect's limit), too long for a user id. Use an identity with a shorter sub.`;
}

function validatedPart(
  part: Exclude<RequestPart, 'body'>,
  raw: Record<string, string | undefined> | undefined,
  operation: CompiledOperation,
  errors: FieldError[],
): Record<string, unknown> {
  const compiled = operation[part];
  if (!compiled) return {};
  const values = parametersOf(raw, compiled.types, part === 'headers');
  // Not push(...all): spreading 150,000 errors as arguments overflows the stack.
  if (!compiled.validate(values))
    for (const e of fieldErrorsOf(part, compiled.validate.errors, operation.patterns)) errors.push(e);
  return values;
}

export function parseRequest(
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  operation: CompiledOperation,
  requestId: string,
): ParsedRequest {
  const caller = operation.public ? undefined : callerOf(event);
  if (!operation.public && !caller) throw new UnauthenticatedError(unusableSubDetail(event));
  const refused = operation.public ? undefined : refusedTokenDetail(event);
  if (refused) throw new UnauthenticatedError(refused);

  const errors: FieldError[] = [];
  const headers = event.headers ?? {};
  const contentType = headers['content-type'] ?? headers['Content-Type'];
  const read = readBody(event, contentType, operation.body);
  let body: unknown;
  if (read.kind === 'invalid') errors.push(read.error);
  if (read.kind === 'parsed') {
    body = read.value;
    for (const e of read.errors) errors.push(e);
    if (!read.validate(body))
      for (const e of fieldErrorsOf('body', read.validate.errors, operation.patterns)) errors.push(e);
  }
  const path = validatedPart('path', event.pathParameters, operation, errors);
  const query = validatedPart('query', event.queryStringParameters, operation, errors);
  const headerParams = validatedPart('headers', headers, operation, errors);
  if (errors.length > 0) throw new ValidationError(errors);

  const rawPath = event.rawPath ?? '/';
  return {
    body,
    path,
    query,
    headers: headerParams,
    caller,
    rawPath,
    basePath: basePathOf(event.routeKey, rawPath),
    requestId,
  };
}

/**
 * `POST /todos/{todoId}/attachments` matched `/v1/todos/T/attachments`: the route has 3 segments,
 * so everything before the last 3 of rawPath (`/v1`) is the API mapping's base path.
 */
export function basePathOf(routeKey: string, rawPath: string): string {
  const routeSegments = (routeKey.split(' ')[1] ?? '/').split('/').filter(Boolean).length;
  const segments = rawPath.split('/').filter(Boolean);
  const base = segments.slice(0, Math.max(0, segments.length - routeSegments));
  return base.length > 0 ? `/${base.join('/')}` : '';
}
