/**
 * The requests the benchmarks send, as payload-v2 events from the tests' own factory. Each request
 * that creates something takes a `tag` that makes its user (and username and email) unique, so runs
 * never collide on a table that outlives them. A tag may contain `__N__`, which the cold-start probe
 * replaces by the request number.
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { event } from '../test/support/events';

export type Event = APIGatewayProxyEventV2WithJWTAuthorizer;

/** Every member of TodoCreate except tags, so the store writes a single item (no tag pointers). */
export const newTodo = {
  title: 'Buy milk',
  notes: 'Oat, two litres.',
  dueDate: '2026-12-01',
  priority: 'high',
} as const;

export function createTodoEvent(sub: string): Event {
  return event('POST /todos', { sub, body: newTodo });
}

export function getTodoEvent(sub: string, todoId: string): Event {
  return event('GET /todos/{todoId}', { sub, path: { todoId } });
}

export function patchTodoEvent(sub: string, todoId: string): Event {
  return event('PATCH /todos/{todoId}', {
    sub,
    path: { todoId },
    body: { title: 'Buy oat milk', priority: 'normal' },
  });
}

export function deleteTodoEvent(sub: string, todoId: string): Event {
  return event('DELETE /todos/{todoId}', { sub, path: { todoId } });
}

export function listTodosEvent(sub: string, limit = 20): Event {
  return event('GET /todos', { sub, query: { limit: String(limit) } });
}

/** `handle` becomes the username and the email's local part: lower-case letters, digits, `_`, `-`. */
export function createUserEvent(sub: string, handle: string): Event {
  return event('POST /users', {
    sub,
    body: { username: handle, firstName: 'Ada', lastName: 'Lovelace', email: `${handle}@example.com` },
  });
}

export function getMyUserEvent(sub: string): Event {
  return event('GET /users/me', { sub });
}

export function deleteMyUserEvent(sub: string): Event {
  return event('DELETE /users/me', { sub });
}

/** A short random tag for subs and usernames (usernames allow 30 characters). */
export function uniqueTag(): string {
  return Math.random().toString(36).slice(2, 10);
}
