/**
 * The operations the cost estimate prices, each with a way to prepare `n` requests of it (seeding
 * what they read or change) and the status a successful answer has. They run through the functions'
 * handlers in process, against DynamoDB Local, with every DynamoDB request's consumed capacity counted.
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import {
  createTodoEvent,
  createUserEvent,
  deleteTodoEvent,
  type Event,
  getMyUserEvent,
  getTodoEvent,
  listTodosEvent,
  patchTodoEvent,
  uniqueTag,
} from '../requests';
import { seedTodos } from '../scaling/seed';
import type { FunctionName } from '../subjects';

export type Handler = (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
) => Promise<APIGatewayProxyStructuredResultV2>;

export interface OperationSample {
  routeKey: string;
  functionName: FunctionName;
  status: number;
  prepare(n: number, handlers: Record<FunctionName, Handler>): Promise<Event[]>;
}

const times = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));

/**
 * Stores the caller's usage item as the store counts it. A todo create or delete updates it in its
 * transaction; without it the first one counts the partition first (once per account), which is not
 * what a create or delete costs.
 */
async function storeUsage(sub: string): Promise<void> {
  const { storeCountedUsage } = await import('../../src/store/usage-count');
  await storeCountedUsage(sub);
}

export const operationSamples: OperationSample[] = [
  {
    routeKey: 'POST /todos',
    functionName: 'todos',
    status: 201,
    prepare: async (n) => {
      const sub = `cost-${uniqueTag()}`;
      await storeUsage(sub);
      return times(n, () => createTodoEvent(sub));
    },
  },
  {
    routeKey: 'GET /todos/{todoId}',
    functionName: 'todos',
    status: 200,
    prepare: async (n) => {
      const sub = `cost-${uniqueTag()}`;
      const [todoId = ''] = await seedTodos(sub, 1);
      return times(n, () => getTodoEvent(sub, todoId));
    },
  },
  {
    routeKey: 'GET /todos',
    functionName: 'todos',
    status: 200,
    prepare: async (n) => {
      const sub = `cost-${uniqueTag()}`;
      await seedTodos(sub, 30);
      return times(n, () => listTodosEvent(sub));
    },
  },
  {
    routeKey: 'PATCH /todos/{todoId}',
    functionName: 'todos',
    status: 200,
    prepare: async (n) => {
      const sub = `cost-${uniqueTag()}`;
      const ids = await seedTodos(sub, n);
      return ids.map((todoId) => patchTodoEvent(sub, todoId));
    },
  },
  {
    routeKey: 'DELETE /todos/{todoId}',
    functionName: 'todos',
    status: 204,
    prepare: async (n) => {
      const sub = `cost-${uniqueTag()}`;
      const ids = await seedTodos(sub, n);
      await storeUsage(sub);
      return ids.map((todoId) => deleteTodoEvent(sub, todoId));
    },
  },
  {
    routeKey: 'POST /users',
    functionName: 'users',
    status: 201,
    prepare: async (n) => {
      const tag = uniqueTag();
      return times(n, (i) => createUserEvent(`cost-${tag}-${i}`, `c${tag}${i}`));
    },
  },
  {
    routeKey: 'GET /users/me',
    functionName: 'users',
    status: 200,
    prepare: async (n, handlers) => {
      const tag = uniqueTag();
      const sub = `cost-${tag}`;
      const created = await handlers.users(createUserEvent(sub, `c${tag}`));
      if (created.statusCode !== 201)
        throw new Error(`POST /users answered ${created.statusCode}: ${created.body}`);
      return times(n, () => getMyUserEvent(sub));
    },
  },
];
