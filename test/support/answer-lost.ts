/**
 * "Committed, answer lost": the request reaches DynamoDB Local and is applied, then the SDK sees the
 * timeout it sees when an answer never arrives, and retries the request, as it does on AWS after a
 * stalled connection. The fault sits in the store client's middleware stack right below the SDK's
 * retry step, so the retry is the SDK's own (same serialized request, same ClientRequestToken), not
 * a new call of the store:
 *
 *   store ─ send ─► … ─► retryMiddleware ─► answerLost ─► signing ─► HTTP ─► DynamoDB Local (applied)
 *                             ▲                  │
 *                             └── TimeoutError ──┘  (the real answer is dropped)
 *                        attempt 2 ─► answerLost (spent: passes) ─► … ─► DynamoDB Local
 *
 *   const lost = loseAnswerOf('PutItemCommand');
 *   const created = await createTodo(sub, body);   // saved on attempt 1, retried by the SDK
 *   expect(lost.count).toBe(1);
 *
 * It is an interception of the store's client at each attempt (./intercept-send.ts): it counts what it
 * dropped, removes itself when the test finishes (pass or fail), and fails a test in which it never
 * fired.
 */
import { documentClient } from '../../src/store/client';
import { type InterceptedSend, interceptSend } from './intercept-send';

/** The low-level command names (`PutItemCommand`, `TransactWriteItemsCommand`, ...) the SDK reports. */
export type DynamoDbCommandName =
  | 'PutItemCommand'
  | 'UpdateItemCommand'
  | 'DeleteItemCommand'
  | 'TransactWriteItemsCommand'
  | 'BatchWriteItemCommand';

export interface AnswerLostOptions {
  /** How many answers of that command to drop (each after the request was applied). 1 by default. */
  times?: number;
  /** Only requests whose marshalled input passes (e.g. one item's key); all of `command` by default. */
  matches?(input: Record<string, unknown>): boolean;
}

/** The next `times` answers to `command` are lost after DynamoDB applied the request. */
export function loseAnswerOf(
  command: DynamoDbCommandName,
  { times = 1, matches }: AnswerLostOptions = {},
): InterceptedSend {
  return interceptSend(documentClient, {
    name: `The lost answer of a ${command}`,
    command,
    times,
    ...(matches ? { matches } : {}),
    at: 'attempt',
    act: async (_call, send) => {
      await send();
      // What @smithy/node-http-handler throws when requestTimeout passes (throwOnRequestTimeout):
      // the SDK classifies it as transient and retries.
      throw Object.assign(new Error(`${command}: the answer was lost after DynamoDB applied it (injected)`), {
        name: 'TimeoutError',
        code: 'ETIMEDOUT',
      });
    },
  });
}
