/**
 * What the emulator makes of a Lambda's answer (payload format 2.0 response mapping) and the errors
 * API Gateway itself answers: 500 for a throw or an unusable result, 503 past the integration
 * timeout, 413 past the 10 MB payload limit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../local/gateway/gateway';
import { httpResponseOf } from '../../local/gateway/payload-response';
import { type GatewayFixture, startGatewayFixture } from './support/gateway-fixture';

describe('httpResponseOf', () => {
  it('turns a result without statusCode into 200 JSON of the whole result', () => {
    const response = httpResponseOf({ status: 'ok', n: 1 });
    expect(response.statusCode).toBe(200);
    expect(response.headers).toEqual({ 'content-type': 'application/json' });
    expect(JSON.parse(response.body.toString())).toEqual({ status: 'ok', n: 1 });
  });

  it('serializes a bare string result as JSON too', () => {
    expect(httpResponseOf('hello').body.toString()).toBe('"hello"');
  });

  it('maps statusCode, headers (lower-cased), cookies and body', () => {
    const response = httpResponseOf({
      statusCode: 201,
      headers: { ETag: '"1"', 'X-Count': 3 },
      cookies: ['a=1; Path=/', 'b=2; HttpOnly'],
      body: 'créé',
    });
    expect(response).toEqual({
      statusCode: 201,
      headers: { etag: '"1"', 'x-count': '3', 'set-cookie': ['a=1; Path=/', 'b=2; HttpOnly'] },
      body: Buffer.from('créé'),
    });
  });

  it('decodes a base64 body', () => {
    const response = httpResponseOf({ statusCode: 200, body: 'AAEC/w==', isBase64Encoded: true });
    expect([...response.body]).toEqual([0, 1, 2, 255]);
  });

  it.each([[{ statusCode: '200' }], [{ statusCode: 42 }], [{ statusCode: 200, body: { not: 'a string' } }]])(
    'refuses %j as a malformed Lambda response',
    (result) => {
      expect(() => httpResponseOf(result)).toThrow(/statusCode|body/);
    },
  );
});

describe('responses over HTTP', () => {
  let gateway: GatewayFixture;
  let authorization: string;

  beforeAll(async () => {
    gateway = await startGatewayFixture({ gateway: { integrationTimeoutMs: 200 } });
    authorization = `Bearer ${await gateway.token()}`;
  });

  afterAll(async () => {
    await gateway.close();
  });

  const getTodos = () => fetch(`${gateway.url}/todos`, { headers: { authorization } });

  it('sends each cookie as its own set-cookie header', async () => {
    gateway.handle('TodosFunction', async () => ({ statusCode: 204, cookies: ['a=1', 'b=2'] }));
    const response = await getTodos();
    expect(response.status).toBe(204);
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
  });

  it('answers a handler that throws with 500 {"message":"Internal Server Error"} and logs why', async () => {
    // Prepare
    gateway.handle('TodosFunction', async () => {
      throw new TypeError('boom');
    });

    // Act
    const response = await getTodos();

    // Assess
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ message: 'Internal Server Error' });
    expect(gateway.logLines.at(-1)).toMatchObject({ status: 500, error: 'TypeError: boom' });
  });

  it('answers a malformed Lambda response with 500', async () => {
    gateway.handle('TodosFunction', async () => ({ statusCode: 'teapot' }));
    const response = await getTodos();
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ message: 'Internal Server Error' });
  });

  it('answers 503 {"message":"Service Unavailable"} when the Lambda outlasts the integration timeout', async () => {
    // Prepare
    let release: () => void = () => undefined;
    gateway.handle(
      'TodosFunction',
      () =>
        new Promise((resolve) => {
          release = () => resolve({ statusCode: 200, body: 'too late' });
        }),
    );

    // Act
    const response = await getTodos();
    release();

    // Assess
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ message: 'Service Unavailable' });
  });

  it('answers a body over 10 MB with 413 without invoking the Lambda', async () => {
    // Act
    const calls = gateway.events.length;
    const response = await fetch(`${gateway.url}/todos`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: Buffer.alloc(MAX_BODY_BYTES + 1, 0x20),
    });

    // Assess
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ message: 'Request Entity Too Large' });
    expect(gateway.events.length).toBe(calls);
  });

  it('answers 413 for a chunked body (no content-length) once it passes 10 MB', async () => {
    // Prepare: 11 chunks of 1 MiB, streamed
    const chunk = new Uint8Array(1024 * 1024).fill(0x20);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 11) controller.enqueue(chunk);
        else controller.close();
      },
    });

    // Act
    const calls = gateway.events.length;
    const response = await fetch(`${gateway.url}/todos`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body,
      duplex: 'half',
    } as RequestInit);

    // Assess
    expect(response.status).toBe(413);
    expect(gateway.events.length).toBe(calls);
  });

  it('accepts a body of exactly 10 MB', async () => {
    gateway.handle('TodosFunction', async (event) => ({ statusCode: 200, body: String(event.body?.length) }));
    const response = await fetch(`${gateway.url}/todos`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: Buffer.alloc(MAX_BODY_BYTES, 0x20),
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(String(MAX_BODY_BYTES));
  });
});
