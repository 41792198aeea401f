import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { handler as todosHandler } from '../../src/functions/todos';
import { handler as usersHandler } from '../../src/functions/users';
import { basePathOf } from '../../src/http/parse-request';
import { invoke } from '../support/contract-response';
import { event } from '../support/events';
import { userCreate } from '../support/users';

describe('base path behind a custom domain mapping', () => {
  it.each([
    ['POST /todos', '/todos', ''],
    ['POST /todos', '/v1/todos', '/v1'],
    ['GET /todos/{todoId}/attachments', '/v1/todos/01JD8X3QZ7EV5GS0PMH9R2A4XT/attachments', '/v1'],
    ['GET /health', '/a/b/health', '/a/b'],
  ])('%s at %s has base path %j', (routeKey, rawPath, base) => {
    expect(basePathOf(routeKey, rawPath)).toBe(base);
  });

  it('starts Location headers with the mapping key, so they resolve against the client’s URL', async () => {
    const sub = randomUUID();
    const todo = await invoke(todosHandler, {
      ...event('POST /todos', { sub, body: { title: 'x' } }),
      rawPath: '/v1/todos',
    });
    const user = await invoke(usersHandler, {
      ...event('POST /users', { sub, body: userCreate() }),
      rawPath: '/v1/users',
    });
    const attachment = await invoke(todosHandler, {
      ...event('POST /todos/{todoId}/attachments', {
        sub,
        path: { todoId: todo.body.id },
        body: { fileName: 'a.txt', contentType: 'text/plain', size: 1 },
      }),
      rawPath: `/v1/todos/${todo.body.id}/attachments`,
    });

    expect(todo.headers.location).toBe(`/v1/todos/${todo.body.id}`);
    expect(user.headers.location).toBe('/v1/users/me');
    expect(attachment.headers.location).toBe(
      `/v1/todos/${todo.body.id}/attachments/${attachment.body.attachment.id}`,
    );
  });
});
