/**
 * Faults a dependency answers with, injected into what a function sends through its own SDK clients
 * (the store's document client, the S3 client, the Cognito client): the next `times` commands of
 * one kind fail as the service fails them once the SDK's own retries are spent; every other command
 * goes through. Interceptions of ./intercept-send.ts, so each counts what it failed (`count`), undoes
 * itself when the test finishes, and fails a test in which it never fired.
 *
 *   const outage = failNext(s3Client, DeleteObjectsCommand, 2, s3SlowDown);
 *   ...
 *   expect(outage.count).toBe(2);
 */
import { type InterceptedSend, interceptSend } from './intercept-send';

/** A client as the SDK's are: `send(command)` returns a promise. */
type Sending = { send(command: never, ...rest: never[]): Promise<unknown> };
type CommandClass = abstract new (...args: never[]) => unknown;

/**
 * `skip` lets that many matching commands through first, so the fault lands in the middle of the
 * work; `when` narrows the commands it takes (one item's key, say).
 */
export function failNext(
  client: Sending,
  Command: CommandClass,
  times: number,
  error: () => Error,
  { skip = 0, when = () => true }: { skip?: number; when?: (command: never) => boolean } = {},
): InterceptedSend {
  let seen = 0;
  return interceptSend(client, {
    name: `${times === Number.POSITIVE_INFINITY ? 'Every' : `${times} ×`} ${Command.name} failing with ${error().name}${skip ? ` after ${skip}` : ''}`,
    matches: (command) => command instanceof Command && when(command as never) && ++seen > skip,
    times,
    act: async () => {
      throw error();
    },
  });
}

/** Counts the commands of one kind a client sends; they go through unchanged. */
export function countRequests(client: Sending, Command: CommandClass): InterceptedSend {
  return interceptSend(client, {
    name: `A ${Command.name}`,
    matches: (command) => command instanceof Command,
    act: (_command, send) => send(),
  });
}

/** S3 shedding load (503 SlowDown). */
export const s3SlowDown = () =>
  Object.assign(new Error('Please reduce your request rate.'), { name: 'SlowDown', $fault: 'server' });

/** DynamoDB failing on its side (500 InternalServerError). */
export const dynamodbInternalError = () =>
  Object.assign(new Error('Internal server error'), { name: 'InternalServerError', $fault: 'server' });
