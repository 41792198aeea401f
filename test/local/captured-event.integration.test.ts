/**
 * Compatibility: the real function handlers fed an event shaped like one API Gateway really sends
 * behind the JWT authorizer (see ./support/captured-event.ts), against DynamoDB Local.
 */
import { describe, expect, it } from 'vitest';
import { handler as todos } from '../../src/functions/todos';
import { handler as users } from '../../src/functions/users';
import { capturedEvent } from './support/captured-event';

const sub = () => `captured-${Math.random().toString(36).slice(2, 10)}`;
const json = (text: string | undefined) => JSON.parse(text ?? 'null');

describe('handlers given a captured API Gateway event', () => {
  it('serves GET /health', async () => {
    const response = await users(
      capturedEvent({ sub: 'anyone', routeKey: 'GET /health', rawPath: '/health' }),
    );
    expect(response.statusCode).toBe(200);
    expect(json(response.body)).toMatchObject({ status: 'ok' });
  });

  it('creates, lists, updates (base64 merge-patch body) and reads a todo of the claims sub', async () => {
    // Prepare
    const caller = sub();

    // Act: create
    const created = await todos(
      capturedEvent({
        sub: caller,
        routeKey: 'POST /todos',
        rawPath: '/todos',
        body: { contentType: 'application/json', text: JSON.stringify({ title: 'From a real event' }) },
      }),
    );

    // Assess
    expect(created.statusCode).toBe(201);
    const todo = json(created.body);
    expect(todo).toMatchObject({ title: 'From a real event', version: 1 });

    // list with a query string as API Gateway passes it
    const listed = await todos(
      capturedEvent({ sub: caller, routeKey: 'GET /todos', rawPath: '/todos', rawQueryString: 'limit=5' }),
    );
    expect(listed.statusCode).toBe(200);
    expect(json(listed.body).items.map((t: { id: string }) => t.id)).toEqual([todo.id]);

    // update: application/merge-patch+json arrives base64-encoded
    const path = `/todos/${todo.id}`;
    const updated = await todos(
      capturedEvent({
        sub: caller,
        routeKey: 'PATCH /todos/{todoId}',
        rawPath: path,
        pathParameters: { todoId: todo.id },
        headers: { 'if-match': '"1"' },
        body: { contentType: 'application/merge-patch+json', text: JSON.stringify({ completed: true }) },
      }),
    );
    expect(updated.statusCode).toBe(200);
    expect(json(updated.body)).toMatchObject({ completed: true, version: 2 });

    // another sub does not see it
    const hidden = await todos(
      capturedEvent({
        sub: sub(),
        routeKey: 'GET /todos/{todoId}',
        rawPath: path,
        pathParameters: { todoId: todo.id },
      }),
    );
    expect(hidden.statusCode).toBe(404);
  });

  it('creates the profile of the claims sub', async () => {
    // Prepare
    const caller = sub();
    const username = `cap${Math.random().toString(36).slice(2, 8)}`;

    // Act
    const created = await users(
      capturedEvent({
        sub: caller,
        routeKey: 'POST /users',
        rawPath: '/users',
        body: {
          contentType: 'application/json; charset=utf-8',
          text: JSON.stringify({
            username,
            firstName: 'Cap',
            lastName: 'Tured',
            email: `${username}@example.com`,
          }),
        },
      }),
    );

    // Assess
    expect(created.statusCode).toBe(201);
    expect(json(created.body)).toMatchObject({ userId: caller, username });
  });
});
