/**
 * The warm-overhead baseline: what a hand-written Lambda would do for POST /todos and
 * GET /todos/{todoId} with no router, no validator, no problem mapping and no request log. It parses
 * the body, applies the contract's defaults, calls the same operation (so the same store calls) and
 * answers JSON. The difference to the real handler is the runtime's cost per request.
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { createTodo, getTodo } from '../../src/operations/todos';

type Handler = (event: APIGatewayProxyEventV2WithJWTAuthorizer) => Promise<APIGatewayProxyStructuredResultV2>;

const subOf = (event: APIGatewayProxyEventV2WithJWTAuthorizer): string =>
  String(event.requestContext.authorizer.jwt.claims.sub);

const json = (statusCode: number, body: unknown, headers: Record<string, string>) => ({
  statusCode,
  headers: { ...headers, 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

export const handWrittenCreateTodo: Handler = async (event) => {
  const body = { priority: 'normal' as const, tags: [], completed: false, ...JSON.parse(event.body ?? '{}') };
  const result = await createTodo({
    caller: { sub: subOf(event) },
    body,
    headers: {},
    path: {},
    query: {},
    rawPath: event.rawPath,
    requestId: event.requestContext.requestId,
  } as Parameters<typeof createTodo>[0]);
  return json(result.status, result.body, result.headers);
};

export const handWrittenGetTodo: Handler = async (event) => {
  const result = await getTodo({
    caller: { sub: subOf(event) },
    body: undefined,
    headers: {},
    path: { todoId: event.pathParameters?.todoId ?? '' },
    query: {},
    rawPath: event.rawPath,
    requestId: event.requestContext.requestId,
  } as Parameters<typeof getTodo>[0]);
  return json(result.status, result.body, result.headers);
};
