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
 * It counts, removes itself when the test finishes, and fails a test in which it never fired
 * (./sdk-middleware.ts).
 */
import { type CountedMiddleware, installCountedMiddleware } from './sdk-middleware';

/** `commandName` as the SDK names it: `DeleteObjectsCommand`, `TransactWriteItemsCommand`, ... */
export function failNextCalls(
  client: { middlewareStack: unknown },
  commandName: string,
  error: () => Error,
  { times = 1 }: { times?: number } = {},
): CountedMiddleware {
  return installCountedMiddleware(
    client,
    `The failure of ${commandName}`,
    { step: 'initialize', priority: 'high' },
    (acted) => {
      let count = 0;
      return (next, context) => async (args: never) => {
        if (context.commandName !== commandName || count >= times) return next(args);
        count = acted();
        throw error();
      };
    },
  );
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
): CountedMiddleware {
  return installCountedMiddleware(
    client,
    `The redirect of ${commandName}`,
    { step: 'build', priority: 'low' },
    (acted) => {
      let count = 0;
      return (next, context) => async (args: { request: { hostname: string; port?: number } }) => {
        if (context.commandName === commandName && count < times) {
          count = acted();
          args.request.hostname = endpoint.hostname;
          args.request.port = Number(endpoint.port);
        }
        return next(args as never);
      };
    },
  );
}
