/**
 * Faults a dependency answers with, injected into what a function sends through its own SDK clients
 * (the store's document client, the S3 client, the Cognito client): the next `times` calls of
 * one command fail as the service fails them once the SDK's own retries are spent; every other command
 * goes through. Interceptions of ./intercept-send.ts, so each counts what it failed (`count`), undoes
 * itself when the test finishes, and fails a test in which it never fired.
 *
 *   const outage = failNext(s3Client, 'DeleteObjectsCommand', 2, s3SlowDown);
 *   ...
 *   expect(outage.count).toBe(2);
 */
import { type InterceptedSend, interceptSend } from './intercept-send';

/** A client as the SDK's are: its middleware stack is where the interception goes. */
type Client = { middlewareStack: unknown };

/**
 * `command` as the SDK names it (`DeleteObjectsCommand`; the document client's low-level names,
 * `BatchWriteItemCommand`). `skip` lets that many matching calls through first, so the fault lands
 * in the middle of the work; `when` narrows the calls it takes (one item's key, say).
 */
export function failNext(
  client: Client,
  command: string,
  times: number,
  error: () => Error,
  { skip = 0, when = () => true }: { skip?: number; when?: (input: Record<string, unknown>) => boolean } = {},
): InterceptedSend {
  let seen = 0;
  return interceptSend(client, {
    name: `${times === Number.POSITIVE_INFINITY ? 'Every' : `${times} ×`} ${command} failing with ${error().name}${skip ? ` after ${skip}` : ''}`,
    command,
    matches: (input) => when(input) && ++seen > skip,
    times,
    act: async () => {
      throw error();
    },
  });
}

/** Counts the calls of one command a client sends; they go through unchanged. */
export function countRequests(client: Client, command: string): InterceptedSend {
  return interceptSend(client, { name: `A ${command}`, command, act: (_call, send) => send() });
}

/** S3 shedding load (503 SlowDown). */
export const s3SlowDown = () =>
  Object.assign(new Error('Please reduce your request rate.'), { name: 'SlowDown', $fault: 'server' });

/** DynamoDB failing on its side (500 InternalServerError). */
export const dynamodbInternalError = () =>
  Object.assign(new Error('Internal server error'), { name: 'InternalServerError', $fault: 'server' });
