/**
 * The todo operations as one-line calls through the Lambda handler, every response checked against
 * the contract (test/support/contract-response.ts). Not a test file: the tests in this folder use it.
 */
import { handler } from '../../src/functions/todos';
import { type ContractResponse, invoke } from '../support/contract-response';
import { event } from '../support/events';

export const createTodo = (
  sub: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<ContractResponse> => invoke(handler, event('POST /todos', { sub, body, headers }));

export const getTodo = (sub: string, todoId: string): Promise<ContractResponse> =>
  invoke(handler, event('GET /todos/{todoId}', { sub, path: { todoId } }));

export const patchTodo = (
  sub: string,
  todoId: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<ContractResponse> =>
  invoke(handler, event('PATCH /todos/{todoId}', { sub, path: { todoId }, body, headers }));

export const deleteTodo = (
  sub: string,
  todoId: string,
  headers: Record<string, string> = {},
): Promise<ContractResponse> =>
  invoke(handler, event('DELETE /todos/{todoId}', { sub, path: { todoId }, headers }));

export const listTodos = (sub: string, query: Record<string, string> = {}): Promise<ContractResponse> =>
  invoke(handler, event('GET /todos', { sub, query }));

/** Walks every page of a listing; returns the pages' bodies in order. */
export async function walkTodos(
  sub: string,
  query: Record<string, string>,
  // biome-ignore lint/suspicious/noExplicitAny: bodies were validated against the contract by invoke().
): Promise<any[]> {
  // biome-ignore lint/suspicious/noExplicitAny: as above.
  const pages: any[] = [];
  let cursor: string | undefined;
  do {
    const res = await listTodos(sub, { ...query, ...(cursor ? { cursor } : {}) });
    if (res.status !== 200) throw new Error(`GET /todos answered ${res.status}: ${JSON.stringify(res.body)}`);
    pages.push(res.body);
    cursor = res.body.nextCursor;
    if (pages.length > 1000) throw new Error('More than 1000 pages: the cursor does not advance.');
  } while (cursor !== undefined);
  return pages;
}
