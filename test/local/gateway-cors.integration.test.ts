/**
 * CORS from the contract's x-amazon-apigateway-cors: the emulator answers preflights itself, adds
 * the CORS headers for allowed origins to every response (its own 401/404 included) and drops the
 * ones a Lambda sets.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayFixture, startGatewayFixture } from './support/gateway-fixture';

const APP = 'http://app.example.test';

const preflight = (url: string, origin: string, method = 'PATCH') =>
  fetch(url, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': method,
      'access-control-request-headers': 'authorization,content-type,if-match',
    },
  });

describe('CORS with the local default (any origin)', () => {
  let gateway: GatewayFixture;

  beforeAll(async () => {
    gateway = await startGatewayFixture();
  });

  afterAll(async () => {
    await gateway.close();
  });

  it('answers a preflight with 204 and the configured lists, without invoking the Lambda', async () => {
    // Act
    const calls = gateway.events.length;
    const response = await preflight(`${gateway.url}/todos/01ABC`, APP);

    // Assess
    expect(response.status).toBe(204);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      'access-control-allow-origin': '*',
      'access-control-allow-methods': 'GET,POST,PATCH,DELETE,OPTIONS',
      'access-control-allow-headers': 'authorization,content-type,if-match,idempotency-key',
      'access-control-max-age': '600',
    });
    expect(response.headers.has('access-control-allow-credentials')).toBe(false);
    expect(gateway.events.length).toBe(calls);
  });

  it('answers a preflight for a path no route has (API Gateway does too)', async () => {
    const response = await preflight(`${gateway.url}/no/such/route`, APP);
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('adds allow-origin and expose-headers to responses and drops the CORS headers of the Lambda', async () => {
    // Prepare
    gateway.handle('TodosFunction', async () => ({
      statusCode: 200,
      headers: {
        etag: '"1"',
        'Access-Control-Allow-Origin': 'https://evil.example',
        'access-control-expose-headers': 'x-secret',
      },
      body: '{}',
    }));

    // Act
    const response = await fetch(`${gateway.url}/todos/01ABC`, {
      headers: { origin: APP, authorization: `Bearer ${await gateway.token()}` },
    });

    // Assess
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-expose-headers')).toBe(
      'etag,location,www-authenticate,apigw-requestid',
    );
    expect(response.headers.get('etag')).toBe('"1"');
  });

  it("adds the CORS headers to the gateway's own 401, exposing why the token was refused", async () => {
    const response = await fetch(`${gateway.url}/todos`, {
      headers: { origin: APP, authorization: 'Bearer not-a-jwt' },
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    // A single-page app reads this to tell "refresh the token" from "sign in again".
    expect(response.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
    expect(response.headers.get('access-control-expose-headers')?.split(',')).toContain('www-authenticate');
  });

  it('adds no CORS headers when the request has no Origin', async () => {
    const response = await fetch(`${gateway.url}/health`);
    expect(response.headers.has('access-control-allow-origin')).toBe(false);
  });
});

describe('CORS with AllowedOrigins set to one origin', () => {
  let gateway: GatewayFixture;

  beforeAll(async () => {
    gateway = await startGatewayFixture({ parameters: { allowedOrigins: [APP] } });
  });

  afterAll(async () => {
    await gateway.close();
  });

  it('echoes the allowed origin', async () => {
    const response = await preflight(`${gateway.url}/todos`, APP, 'POST');
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(APP);
  });

  it('gives another origin no CORS headers, so the browser refuses', async () => {
    // Act
    const answer = await preflight(`${gateway.url}/todos`, 'https://elsewhere.example');
    const actual = await fetch(`${gateway.url}/health`, { headers: { origin: 'https://elsewhere.example' } });

    // Assess
    expect(answer.status).toBe(204);
    expect(answer.headers.has('access-control-allow-origin')).toBe(false);
    expect(answer.headers.has('access-control-allow-methods')).toBe(false);
    expect(actual.headers.has('access-control-allow-origin')).toBe(false);
  });
});
