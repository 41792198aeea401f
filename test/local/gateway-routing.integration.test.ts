/**
 * Routes from the contract through the emulator: API Gateway's precedence, the 404 of a missing route,
 * and the integration each route invokes (the function named in its x-amazon-apigateway-integration).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRouteMatcher } from '../../local/gateway/route-matcher';
import { type GatewayFixture, startGatewayFixture } from './support/gateway-fixture';

describe('route precedence', () => {
  const match = createRouteMatcher([
    { method: 'ANY', path: '/{proxy+}' },
    { method: 'GET', path: '/todos/{todoId}' },
    { method: 'GET', path: '/todos/{todoId}/attachments' },
    { method: 'GET', path: '/todos/export' },
    { method: 'ANY', path: '/todos/export' },
    { method: 'GET', path: '/files/{key+}' },
  ]);

  it.each([
    ['GET', '/todos/export', 'GET /todos/export', {}],
    ['POST', '/todos/export', 'ANY /todos/export', {}],
    ['GET', '/todos/abc', 'GET /todos/{todoId}', { todoId: 'abc' }],
    ['GET', '/todos/abc/attachments', 'GET /todos/{todoId}/attachments', { todoId: 'abc' }],
    ['GET', '/files/a/b/c.txt', 'GET /files/{key+}', { key: 'a/b/c.txt' }],
    ['DELETE', '/todos/abc', 'ANY /{proxy+}', { proxy: 'todos/abc' }],
    ['GET', '/todos/', 'ANY /{proxy+}', { proxy: 'todos/' }],
  ])('%s %s → %s', (method, path, routeKey, pathParameters) => {
    const found = match(method, path);
    expect(found && `${found.route.method} ${found.route.path}`).toBe(routeKey);
    expect(found?.pathParameters).toEqual(pathParameters);
  });

  it('matches nothing when no route covers the path or the method', () => {
    const strict = createRouteMatcher([{ method: 'GET', path: '/todos/{todoId}' }]);
    expect(strict('GET', '/todos/')).toBeUndefined();
    expect(strict('GET', '/todos')).toBeUndefined();
    expect(strict('PUT', '/todos/abc')).toBeUndefined();
    expect(strict('GET', '/todos/abc/more')).toBeUndefined();
  });
});

describe('routing over HTTP', () => {
  let gateway: GatewayFixture;
  let token: string;

  beforeAll(async () => {
    gateway = await startGatewayFixture();
    token = await gateway.token();
  });

  afterAll(async () => {
    await gateway.close();
  });

  const call = (method: string, path: string) =>
    fetch(`${gateway.url}${path}`, { method, headers: { authorization: `Bearer ${token}` } });

  it.each([
    ['GET', '/health', 'GET /health', 'UsersFunction'],
    ['DELETE', '/users/me', 'DELETE /users/me', 'UsersFunction'],
    ['GET', '/todos', 'GET /todos', 'TodosFunction'],
    ['PATCH', '/todos/01ABC', 'PATCH /todos/{todoId}', 'TodosFunction'],
    ['GET', '/todos/01ABC/attachments', 'GET /todos/{todoId}/attachments', 'TodosFunction'],
    [
      'DELETE',
      '/todos/01ABC/attachments/01DEF',
      'DELETE /todos/{todoId}/attachments/{attachmentId}',
      'TodosFunction',
    ],
  ])('%s %s goes to %s in %s', async (method, path, routeKey, functionLogicalId) => {
    // Act
    const response = await call(method, path);

    // Assess
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ routeKey });
    expect(gateway.logLines.at(-1)).toMatchObject({ routeKey, functionLogicalId });
  });

  it.each([
    ['GET', '/nowhere'],
    ['PUT', '/todos/01ABC'],
    ['GET', '/todos/'],
    ['GET', '/users'],
  ])('answers %s %s with 404 {"message":"Not Found"} before any authorizer', async (method, path) => {
    // Act
    const calls = gateway.events.length;
    const response = await fetch(`${gateway.url}${path}`, { method });

    // Assess
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ message: 'Not Found' });
    expect(gateway.events.length).toBe(calls);
  });
});
