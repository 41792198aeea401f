/**
 * Faults injected into what a function sends, through the function's own SDK clients (the store's
 * document client, the S3 client): the next `times` requests of one operation fail as the service
 * fails them, once the SDK's own retries are spent; every other request goes through. A middleware on
 * the client's stack, so faults on several operations of one client compose. `fired` counts the
 * failures, so a test can show the fault happened; `restore()` ends it early.
 *
 *   const outage = failNext(s3Client, 'DeleteObjectsCommand', 2, s3SlowDown);
 *   ...
 *   expect(outage.fired).toBe(2);
 */
import type { MiddlewareStack } from '@smithy/types';

export interface Fault {
  fired: number;
  restore(): void;
}

interface Client {
  // biome-ignore lint/suspicious/noExplicitAny: any client's stack
  middlewareStack: MiddlewareStack<any, any>;
}

let faults = 0;

/**
 * `operation` is the low-level command's name (`BatchWriteItemCommand`, `DeleteObjectsCommand`, ...);
 * `skip` lets that many of them through first, so the fault lands in the middle of the work.
 */
export function failNext(
  client: Client,
  operation: string,
  times: number,
  error: () => Error,
  { skip = 0 } = {},
): Fault {
  const name = `injectedFault${++faults}`;
  const fault: Fault = { fired: 0, restore: () => client.middlewareStack.remove(name) };
  let seen = 0;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== operation || fault.fired >= times || ++seen <= skip) return next(args);
      fault.fired++;
      if (fault.fired >= times) queueMicrotask(fault.restore);
      throw error();
    },
    { step: 'initialize', name },
  );
  return fault;
}

/** S3 shedding load (503 SlowDown). */
export const s3SlowDown = () =>
  Object.assign(new Error('Please reduce your request rate.'), { name: 'SlowDown', $fault: 'server' });

/** DynamoDB failing on its side (500 InternalServerError). */
export const dynamodbInternalError = () =>
  Object.assign(new Error('Internal server error'), { name: 'InternalServerError', $fault: 'server' });

/** Counts the requests of one operation a client sends, until `restore()`. */
export function countRequests(client: Client, operation: string): { count: number; restore(): void } {
  const name = `requestCount${++faults}`;
  const counter = { count: 0, restore: () => client.middlewareStack.remove(name) };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === operation) counter.count++;
      return next(args);
    },
    { step: 'initialize', name },
  );
  return counter;
}
