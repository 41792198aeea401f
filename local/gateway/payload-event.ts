/**
 * Builds the payload format 2.0 event API Gateway sends to a Lambda proxy integration.
 * What the HTTP API does to a request on its way, mirrored here:
 * - header names lower-cased, duplicate headers joined with commas; `cookie` headers leave `headers`
 *   and become the `cookies` list; x-forwarded-for/-port/-proto and x-amzn-trace-id are added;
 * - the path is decoded (`rawPath` too); `rawQueryString` stays as sent, `queryStringParameters` are
 *   decoded with duplicates joined by commas; absent parts are absent, not empty;
 * - the body is text only for text/*, application/json, application/xml and application/javascript;
 *   anything else (including a missing content type) arrives base64-encoded with `isBase64Encoded`.
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { pooledRandomBytes } from './random-pool';

export interface ApiRequest {
  method: string;
  /** The request target as sent: `/todos?limit=2`. */
  target: string;
  /** Node's `rawHeaders`: name, value, name, value… in arrival order. */
  rawHeaders: readonly string[];
  body: Buffer;
  sourceIp: string;
  httpVersion: string;
  localPort: number;
  requestId: string;
  /** Epoch milliseconds when the request arrived. */
  receivedAt: number;
}

export interface EventRoute {
  routeKey: string;
  pathParameters: Record<string, string>;
  /** Present when a JWT authorizer accepted the request. */
  jwt?: { claims: Record<string, string>; scopes: string[] | null };
}

/** Node's rawHeaders → lower-cased names with duplicate values joined by commas, as payload 2.0 has them. */
export function headersOf(rawHeaders: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] as string).toLowerCase();
    const value = rawHeaders[i + 1] as string;
    headers[name] = name in headers ? `${headers[name]},${value}` : value;
  }
  return headers;
}

export function splitTarget(target: string): { rawPath: string; rawQueryString: string } {
  const question = target.indexOf('?');
  const path = question === -1 ? target : target.slice(0, question);
  return { rawPath: path || '/', rawQueryString: question === -1 ? '' : target.slice(question + 1) };
}

/** Percent-decoding that leaves malformed escapes as they are instead of throwing. */
export function decodePath(path: string): string {
  return path.replace(/(%[0-9a-f]{2})+/gi, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

const TEXT_MEDIA = /^(text\/[^;]+|application\/(json|xml|javascript))\s*(;|$)/i;

export function isTextBody(contentType: string | undefined): boolean {
  return contentType !== undefined && TEXT_MEDIA.test(contentType.trim());
}

/** `headers`: the request's headers as `headersOf` gives them, when the caller has them already. */
export function buildEvent(
  request: ApiRequest,
  route: EventRoute,
  headers = headersOf(request.rawHeaders),
): APIGatewayProxyEventV2WithJWTAuthorizer {
  const { rawPath: encodedPath, rawQueryString } = splitTarget(request.target);
  const rawPath = decodePath(encodedPath);
  const { cookie, ...sent } = headers;
  const eventHeaders: Record<string, string> = {
    ...sent,
    'x-forwarded-for': sent['x-forwarded-for']
      ? `${sent['x-forwarded-for']}, ${request.sourceIp}`
      : request.sourceIp,
    'x-forwarded-port': String(request.localPort),
    'x-forwarded-proto': 'http',
    'x-amzn-trace-id': sent['x-amzn-trace-id'] ?? traceIdAt(request.receivedAt),
  };
  const cookies = cookie
    ?.split(/;\s*|,/)
    .map((c) => c.trim())
    .filter(Boolean);
  const query = queryParametersOf(rawQueryString);
  const domainName = sent.host ?? `127.0.0.1:${request.localPort}`;
  const hasBody = request.body.length > 0;
  const text = isTextBody(sent['content-type']);

  return {
    version: '2.0',
    routeKey: route.routeKey,
    rawPath,
    rawQueryString,
    ...(cookies?.length ? { cookies } : {}),
    headers: eventHeaders,
    ...(query ? { queryStringParameters: query } : {}),
    ...(Object.keys(route.pathParameters).length ? { pathParameters: route.pathParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      ...(route.jwt ? { authorizer: { jwt: { claims: route.jwt.claims, scopes: route.jwt.scopes } } } : {}),
      domainName,
      domainPrefix: domainName.split('.')[0] ?? domainName,
      http: {
        method: request.method,
        path: rawPath,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.sourceIp,
        userAgent: sent['user-agent'] ?? '',
      },
      requestId: request.requestId,
      routeKey: route.routeKey,
      stage: '$default',
      time: commonLogTime(request.receivedAt),
      timeEpoch: request.receivedAt,
    },
    ...(hasBody
      ? { body: request.body.toString(text ? 'utf8' : 'base64'), isBase64Encoded: !text }
      : { isBase64Encoded: false }),
  } as APIGatewayProxyEventV2WithJWTAuthorizer;
}

function queryParametersOf(rawQueryString: string): Record<string, string> | undefined {
  if (!rawQueryString) return undefined;
  const parameters: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    parameters[name] = name in parameters ? `${parameters[name]},${value}` : value;
  }
  return Object.keys(parameters).length ? parameters : undefined;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `12/Mar/2020:19:03:58 +0000`, the format of `requestContext.time`. */
export function commonLogTime(epochMs: number): string {
  const d = new Date(epochMs);
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`
  );
}

/** `Root=1-<epoch seconds, hex>-<96 random bits, hex>`, the X-Ray trace header format. */
function traceIdAt(epochMs: number): string {
  return `Root=1-${Math.floor(epochMs / 1000).toString(16)}-${pooledRandomBytes(12).toString('hex')}`;
}

/** An id shaped like API Gateway's (`Mc7UVioPPHcEKPA=`), echoed in `apigw-requestid`. */
export function newRequestId(): string {
  return pooledRandomBytes(11).toString('base64');
}
