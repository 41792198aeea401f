/**
 * The payload format 2.0 event the emulator hands a Lambda, field by field, for requests sent over
 * real HTTP (node:http requests where fetch would normalize what we want to send: duplicate headers).
 */
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayFixture, startGatewayFixture } from './support/gateway-fixture';

let gateway: GatewayFixture;
let token: string;

beforeAll(async () => {
  gateway = await startGatewayFixture();
  token = await gateway.token('alice');
});

afterAll(async () => {
  await gateway.close();
});

/** node:http rather than fetch: a header given a list of values goes out as one line per value. */
function send(
  method: string,
  path: string,
  headers: Record<string, string | string[]>,
  body?: Buffer | string,
): Promise<{ status: number; requestId: string | undefined }> {
  const url = new URL(gateway.url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, method, path, headers }, (res) => {
      res.resume();
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          requestId: res.headers['apigw-requestid'] as string | undefined,
        }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

const auth = () => ({ Authorization: `Bearer ${token}` });

describe('payload format 2.0 event', () => {
  it('carries the route, the decoded path, the raw query and the parameters', async () => {
    // Act
    const { status } = await send('GET', '/todos/01J%2DABC?limit=2&tag=a&tag=b%20c&empty=', auth());

    // Assess
    expect(status).toBe(200);
    const event = gateway.events.at(-1);
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'GET /todos/{todoId}',
      rawPath: '/todos/01J-ABC',
      rawQueryString: 'limit=2&tag=a&tag=b%20c&empty=',
      queryStringParameters: { limit: '2', tag: 'a,b c', empty: '' },
      pathParameters: { todoId: '01J-ABC' },
      isBase64Encoded: false,
    });
    expect(event).not.toHaveProperty('body');
    expect(event).not.toHaveProperty('cookies');
  });

  it('leaves out queryStringParameters and pathParameters when there are none', async () => {
    await send('GET', '/todos', auth());
    const event = gateway.events.at(-1);
    expect(event?.rawQueryString).toBe('');
    expect(event).not.toHaveProperty('queryStringParameters');
    expect(event).not.toHaveProperty('pathParameters');
  });

  it('lower-cases header names, joins duplicates with commas and moves cookies to their own list', async () => {
    // Act
    await send('GET', '/todos', {
      ...auth(),
      'X-Custom': ['one', 'two'],
      Cookie: 'a=1; b=2; c=3',
      'User-Agent': 'event-test/1.0',
      'X-Forwarded-For': '198.51.100.1',
    });

    // Assess
    const event = gateway.events.at(-1);
    expect(event?.headers['x-custom']).toBe('one,two');
    expect(event?.headers).not.toHaveProperty('cookie');
    expect(event?.cookies).toEqual(['a=1', 'b=2', 'c=3']);
    expect(event?.headers['user-agent']).toBe('event-test/1.0');
    expect(event?.headers['x-forwarded-for']).toBe('198.51.100.1, 127.0.0.1');
    expect(event?.headers['x-forwarded-proto']).toBe('http');
    expect(event?.headers['x-forwarded-port']).toBe(new URL(gateway.url).port);
    expect(event?.headers['x-amzn-trace-id']).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    expect(Object.keys(event?.headers ?? {}).every((name) => name === name.toLowerCase())).toBe(true);
  });

  it('fills requestContext like API Gateway, with the request id of the response and the log line', async () => {
    // Act
    const { requestId } = await send(
      'POST',
      '/todos',
      { ...auth(), 'Content-Type': 'application/json' },
      '{}',
    );

    // Assess
    const event = gateway.events.at(-1);
    const context = event?.requestContext;
    expect(context).toMatchObject({
      accountId: expect.any(String),
      apiId: expect.any(String),
      domainName: `127.0.0.1:${new URL(gateway.url).port}`,
      http: { method: 'POST', path: '/todos', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1' },
      routeKey: 'POST /todos',
      stage: '$default',
      timeEpoch: expect.any(Number),
    });
    expect(context?.time).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    expect(context?.requestId).toBe(requestId);
    expect(gateway.logLines.at(-1)).toMatchObject({ requestId, routeKey: 'POST /todos', status: 200 });
  });

  it('gives every request its own request id and trace id, across refills of the random pool', async () => {
    // Act: 400 requests draw 23 random bytes each, over two refills of the 4 KB pool.
    const requestIds = new Set<string>();
    for (let i = 0; i < 400; i++) requestIds.add((await send('GET', '/health', {})).requestId ?? '');

    // Assess
    const traceIds = new Set(gateway.events.slice(-400).map((event) => event.headers['x-amzn-trace-id']));
    expect(requestIds.size).toBe(400);
    expect(traceIds.size).toBe(400);
    for (const id of requestIds) expect(id).toMatch(/^[A-Za-z0-9+/]{15}=$/);
  });

  it("passes claims as strings (numbers, booleans, lists as API Gateway prints them) and the token's scopes", async () => {
    // Prepare
    const now = Math.floor(Date.now() / 1000);
    const token = await gateway.signWithIssuerKey({
      sub: 'alice',
      iss: gateway.issuer.issuer,
      aud: gateway.issuer.clientId,
      iat: now,
      exp: now + 600,
      email_verified: true,
      'cognito:groups': ['admin', 'ops'],
      scp: ['openid', 'swiftyplanner/api'],
    });

    // Act
    await send('GET', '/todos', { Authorization: `Bearer ${token}` });

    // Assess
    expect(gateway.events.at(-1)?.requestContext.authorizer.jwt).toEqual({
      claims: {
        sub: 'alice',
        iss: gateway.issuer.issuer,
        aud: gateway.issuer.clientId,
        iat: String(now),
        exp: String(now + 600),
        email_verified: 'true',
        'cognito:groups': '[admin ops]',
        scp: '[openid swiftyplanner/api]',
      },
      scopes: ['openid', 'swiftyplanner/api'],
    });
  });

  it.each([
    ['application/json', false],
    ['application/json; charset=utf-8', false],
    ['text/plain', false],
    ['application/merge-patch+json', true],
    ['application/octet-stream', true],
    ['application/x-www-form-urlencoded', true],
  ])(
    'sends a %s body as text unless API Gateway would base64 it (base64: %s)',
    async (contentType, base64) => {
      // Act
      const body = Buffer.from('{"title":"héllo"}');
      await send('PATCH', '/todos/01J', { ...auth(), 'Content-Type': contentType }, body);

      // Assess
      const event = gateway.events.at(-1);
      expect(event?.isBase64Encoded).toBe(base64);
      expect(event?.body).toBe(body.toString(base64 ? 'base64' : 'utf8'));
    },
  );

  it('base64-encodes a body that comes without a content type', async () => {
    await send('POST', '/todos', auth(), Buffer.from([0, 1, 2, 255]));
    expect(gateway.events.at(-1)).toMatchObject({ body: 'AAEC/w==', isBase64Encoded: true });
  });
});
