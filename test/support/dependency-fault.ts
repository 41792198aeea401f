/**
 * A dependency failing as the SDK reports it once its own retries are spent: the next `times` calls
 * of one command throw `error` inside the client's middleware stack (./intercept-send.ts, at
 * 'send'), so what the functions wrap around `send` (src/aws/dependency-calls.ts: the time budget,
 * "unavailable" → the layer's error) sees it exactly as it would see AWS's. A spy on `send` would
 * bypass that.
 *
 *   const slowDown = failNextCalls(s3Client, 'DeleteObjectsCommand', s3SlowDown);
 *   const res = await deleteTodo(sub, todoId);   // 503
 *   expect(slowDown.count).toBe(1);
 *
 * Like every interception: it counts, removes itself when the test finishes, and fails a test in
 * which it never fired.
 */
import { type InterceptedSend, interceptSend } from './intercept-send';

/** `commandName` as the SDK names it: `DeleteObjectsCommand`, `TransactWriteItemsCommand`, ... */
export function failNextCalls(
  client: { middlewareStack: unknown },
  commandName: string,
  error: () => Error,
  { times = 1 }: { times?: number } = {},
): InterceptedSend {
  return interceptSend(client, {
    name: `The failure of ${commandName}`,
    command: commandName,
    times,
    act: async () => {
      throw error();
    },
  });
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
): InterceptedSend {
  return interceptSend(client, {
    name: `The redirect of ${commandName}`,
    command: commandName,
    times,
    at: 'request',
    act: async ({ request }, send) => {
      if (request) {
        request.hostname = endpoint.hostname;
        request.port = Number(endpoint.port);
      }
      return send();
    },
  });
}
