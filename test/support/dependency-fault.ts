/**
 * A dependency failing as the SDK reports it once its own retries are spent: the next `times` calls
 * of one command throw `error` inside the client's middleware stack, so what the functions wrap
 * around `send` (src/aws/dependency-calls.ts: the time budget, "unavailable" → the layer's error)
 * sees it exactly as it would see AWS's. A spy on `send` would bypass that.
 *
 *   const slowDown = failNextCalls(s3Client, 'DeleteObjectsCommand', s3SlowDown());
 *   const res = await deleteTodo(sub, todoId);   // 503
 *   expect(slowDown.count).toBe(1);
 *
 * Like ./answer-lost.ts: it counts, removes itself when the test finishes, and fails a test in which
 * it never fired.
 */
import { onTestFinished } from 'vitest';

/** The part of an SDK client's middleware stack this uses. */
interface Stack {
  add(
    middleware: unknown,
    options: { step: 'initialize' | 'build'; name: string; priority: 'high' | 'low' },
  ): void;
  remove(name: string): boolean;
}

export interface DependencyFault {
  readonly count: number;
  restore(): void;
}

let installed = 0;

/** `commandName` as the SDK names it: `DeleteObjectsCommand`, `TransactWriteItemsCommand`, ... */
export function failNextCalls(
  client: { middlewareStack: unknown },
  commandName: string,
  error: () => Error,
  { times = 1 }: { times?: number } = {},
): DependencyFault {
  const name = `dependencyFault-${++installed}`;
  const stack = client.middlewareStack as Stack;
  const state = { count: 0 };
  stack.add(
    (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) =>
      async (args: unknown) => {
        if (context.commandName !== commandName || state.count >= times) return next(args);
        state.count++;
        throw error();
      },
    { step: 'initialize', name, priority: 'high' },
  );
  const restore = () => {
    stack.remove(name);
  };
  onTestFinished(() => {
    restore();
    if (state.count === 0) throw new Error(`The failure of ${commandName} never happened.`);
  });
  return {
    get count() {
      return state.count;
    },
    restore,
  };
}

/** What S3 answers when it sheds load (503 SlowDown), after the SDK's retries. */
export function s3SlowDown(): Error {
  return Object.assign(new Error('Please reduce your request rate.'), {
    name: 'SlowDown',
    $fault: 'server',
    $metadata: { httpStatusCode: 503 },
  });
}

/** What the SDK throws when DynamoDB does not answer within requestTimeout, after its retries. */
export function dynamoDbTimeout(): Error {
  return Object.assign(new Error('a request has exceeded the configured 5000 ms requestTimeout.'), {
    name: 'TimeoutError',
    code: 'ETIMEDOUT',
  });
}

/**
 * Sends the next `times` calls of `commandName` to `endpoint` instead (a server that never answers,
 * a port nobody listens on): a real network fault, met by the SDK's own timeouts and retries and by
 * the request's time budget.
 */
export function redirectNextCalls(
  client: { middlewareStack: unknown },
  commandName: string,
  endpoint: URL,
  { times = 1 }: { times?: number } = {},
): DependencyFault {
  const name = `dependencyRedirect-${++installed}`;
  const stack = client.middlewareStack as Stack;
  const state = { count: 0 };
  stack.add(
    (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) =>
      async (args: { request: { hostname: string; port?: number } }) => {
        if (context.commandName === commandName && state.count < times) {
          state.count++;
          args.request.hostname = endpoint.hostname;
          args.request.port = Number(endpoint.port);
        }
        return next(args);
      },
    { step: 'build', name, priority: 'low' },
  );
  const restore = () => {
    stack.remove(name);
  };
  onTestFinished(() => {
    restore();
    if (state.count === 0) throw new Error(`The redirect of ${commandName} never happened.`);
  });
  return {
    get count() {
      return state.count;
    },
    restore,
  };
}
