/**
 * Factory for API Gateway HTTP API payload-v2 events, shaped like what the gateway sends after its
 * JWT authorizer accepted a Cognito access token of the app client with the API's scope (claims as
 * strings, the scopes as a list). Tests override only what they care about.
 */

import { randomUUID } from 'node:crypto';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  Context,
  S3ObjectCreatedNotificationEvent,
} from 'aws-lambda';

/** The app client of the test events' tokens; vitest.config.ts gives the functions the same. */
export const TEST_CLIENT_ID = 'swiftyplanner-test-client';
/** The scope every route of the contract requires. */
export const API_SCOPE = 'swiftyplanner/api';

export interface EventOptions {
  /** The caller's `sub`; `null` for an unauthenticated route such as /health. */
  sub?: string | null;
  /** Claims added to or replacing the access token's (`token_use: 'id'`, another `client_id`). */
  claims?: Record<string, string>;
  /** Path parameters; substituted into the route's `{name}` segments for rawPath. */
  path?: Record<string, string>;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string is sent as-is. */
  body?: unknown;
  contentType?: string;
}

/** `event('POST /todos', { sub: 'alice', body: { title: 'x' } })` */
export function event(routeKey: string, options: EventOptions = {}): APIGatewayProxyEventV2WithJWTAuthorizer {
  const [method = 'GET', route = '/'] = routeKey.split(' ');
  const rawPath = route.replace(/\{(\w+)\}/g, (_m, name: string) =>
    encodeURIComponent(options.path?.[name] ?? ''),
  );
  const sub = options.sub === undefined ? 'user-1' : options.sub;
  const body =
    options.body === undefined
      ? undefined
      : typeof options.body === 'string'
        ? options.body
        : JSON.stringify(options.body);
  const headers: Record<string, string> = {
    accept: 'application/json',
    host: 'abc123.execute-api.us-east-1.amazonaws.com',
    'user-agent': 'vitest',
    'x-forwarded-for': '203.0.113.7',
    'x-forwarded-port': '443',
    'x-forwarded-proto': 'https',
    ...(body !== undefined
      ? {
          'content-type':
            options.contentType ?? (method === 'PATCH' ? 'application/merge-patch+json' : 'application/json'),
        }
      : {}),
    ...Object.fromEntries(Object.entries(options.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
  };
  const now = Date.now();
  const query = options.query;
  return {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString: query ? new URLSearchParams(query).toString() : '',
    headers,
    ...(query ? { queryStringParameters: query } : {}),
    ...(options.path ? { pathParameters: options.path } : {}),
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      authorizer: {
        principalId: '',
        integrationLatency: 0,
        jwt: {
          claims:
            sub === null
              ? {}
              : {
                  sub,
                  iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_test',
                  client_id: TEST_CLIENT_ID,
                  token_use: 'access',
                  scope: API_SCOPE,
                  username: sub,
                  ...options.claims,
                },
          scopes: sub === null ? null : [API_SCOPE],
        },
      },
      domainName: 'abc123.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'vitest' },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: new Date(now).toUTCString(),
      timeEpoch: now,
    },
    ...(body !== undefined ? { body } : {}),
    isBase64Encoded: false,
  } as APIGatewayProxyEventV2WithJWTAuthorizer;
}

/**
 * What EventBridge delivers when an object lands in a bucket that sends it events (S3 user guide,
 * "EventBridge event message structure"), with the key as stored, as AWS's published examples show it.
 */
export function objectCreatedEvent(
  bucket: string,
  key: string,
  size: number,
): S3ObjectCreatedNotificationEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Object Created',
    source: 'aws.s3',
    account: '123456789012',
    time: new Date().toISOString(),
    region: 'us-east-1',
    resources: [`arn:aws:s3:::${bucket}`],
    detail: {
      version: '0',
      bucket: { name: bucket },
      object: {
        key,
        size,
        etag: 'd41d8cd98f00b204e9800998ecf8427e',
        'version-id': '',
        sequencer: '0062E99A88DC407460',
      },
      'request-id': 'N4N7GDK58NMKJ12R',
      requester: '123456789012',
      'source-ip-address': '203.0.113.15',
      reason: 'PutObject',
    },
  };
}

/** A Lambda context; `remainingMs` is the time left when the invocation starts (29 s by default). */
export function lambdaContext({ remainingMs = 29_000 }: { remainingMs?: number } = {}): Context {
  const deadline = Date.now() + remainingMs;
  return {
    awsRequestId: randomUUID(),
    functionName: 'test',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:test',
    memoryLimitInMB: '512',
    logGroupName: '/aws/lambda/test',
    logStreamName: 'test',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
