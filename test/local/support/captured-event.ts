/**
 * A payload-v2 event as API Gateway delivered it to a Lambda behind a Cognito JWT authorizer
 * (captured shape; ids, addresses and the token replaced). What a hand-written factory tends to get
 * wrong is kept: every claim a string (numbers too, the group list as `[a b]`), x-amzn-trace-id and
 * x-forwarded-* headers, content-length, a CLF `time`, no `cookies` or `queryStringParameters` keys
 * when there are none. Captured before the routes required `swiftyplanner/api`, so its `scopes` was
 * null (the route had no authorizationScopes) and its scope Cognito's default: those two, and the
 * client id, are the current API's (the functions check `client_id`). `capturedEvent()` re-targets it
 * at a route.
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { API_SCOPE, TEST_CLIENT_ID } from '../../support/events';

const CAPTURED = {
  version: '2.0',
  routeKey: 'GET /todos',
  rawPath: '/todos',
  rawQueryString: '',
  headers: {
    accept: 'application/json, text/plain, */*',
    'accept-encoding': 'gzip, deflate, br, zstd',
    'accept-language': 'en-GB,en;q=0.9',
    authorization: 'Bearer eyJraWQiOiJyZWRhY3RlZCIsImFsZyI6IlJTMjU2In0.e30.redacted',
    'content-length': '0',
    host: 'k3x9q2m7lp.execute-api.eu-west-1.amazonaws.com',
    origin: 'https://app.swiftyplanner.dev',
    referer: 'https://app.swiftyplanner.dev/',
    'sec-fetch-mode': 'cors',
    'user-agent': 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko)',
    'x-amzn-trace-id': 'Root=1-6746f0a2-3c5d2f0e1b7a4c9d8e6f1a2b',
    'x-forwarded-for': '203.0.113.42',
    'x-forwarded-port': '443',
    'x-forwarded-proto': 'https',
  },
  requestContext: {
    accountId: '123456789012',
    apiId: 'k3x9q2m7lp',
    authorizer: {
      jwt: {
        claims: {
          auth_time: '1764234000',
          client_id: TEST_CLIENT_ID,
          'cognito:groups': '[beta-testers]',
          event_id: '8b5c1f0e-7c3d-4a36-9d0e-0c1b2a3d4e5f',
          exp: '1764237600',
          iat: '1764234000',
          iss: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Ab12Cd34E',
          jti: '2f6e4d1c-0b9a-4c8d-8e7f-6a5b4c3d2e1f',
          origin_jti: '9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d',
          scope: API_SCOPE,
          sub: 'replaced-per-test',
          token_use: 'access',
          username: 'replaced-per-test',
        },
        scopes: [API_SCOPE],
      },
    },
    domainName: 'k3x9q2m7lp.execute-api.eu-west-1.amazonaws.com',
    domainPrefix: 'k3x9q2m7lp',
    http: {
      method: 'GET',
      path: '/todos',
      protocol: 'HTTP/1.1',
      sourceIp: '203.0.113.42',
      userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko)',
    },
    requestId: 'CZ3s5hXBIAMEVxw=',
    routeKey: 'GET /todos',
    stage: '$default',
    time: '27/Nov/2025:09:00:00 +0000',
    timeEpoch: 1764234000000,
  },
  isBase64Encoded: false,
};

export interface CapturedEventOptions {
  sub: string;
  routeKey: string;
  /** The request path with the parameters in it, e.g. `/todos/01J...`. */
  rawPath: string;
  pathParameters?: Record<string, string>;
  rawQueryString?: string;
  headers?: Record<string, string>;
  /** Sent as API Gateway sends it: base64 unless the media type is text/JSON/XML/JavaScript. */
  body?: { contentType: string; text: string };
}

export function capturedEvent(options: CapturedEventOptions): APIGatewayProxyEventV2WithJWTAuthorizer {
  const event = structuredClone(CAPTURED) as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
  const method = options.routeKey.split(' ')[0] ?? 'GET';
  event.routeKey = options.routeKey;
  event.requestContext.routeKey = options.routeKey;
  event.rawPath = options.rawPath;
  event.requestContext.http.path = options.rawPath;
  event.requestContext.http.method = method;
  event.requestContext.requestId = `${Math.random().toString(36).slice(2, 12)}AMEVxw=`;
  event.requestContext.authorizer.jwt.claims.sub = options.sub;
  event.requestContext.authorizer.jwt.claims.username = options.sub;
  if (options.pathParameters) event.pathParameters = options.pathParameters;
  if (options.rawQueryString) {
    event.rawQueryString = options.rawQueryString;
    event.queryStringParameters = Object.fromEntries(new URLSearchParams(options.rawQueryString));
  }
  Object.assign(event.headers, options.headers);
  if (options.body) {
    const text = /^(text\/|application\/(json|xml|javascript)\b)/.test(options.body.contentType);
    const bytes = Buffer.from(options.body.text);
    event.headers['content-type'] = options.body.contentType;
    event.headers['content-length'] = String(bytes.length);
    event.body = bytes.toString(text ? 'utf8' : 'base64');
    event.isBase64Encoded = !text;
  }
  return event;
}
