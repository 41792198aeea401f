/**
 * Deterministic races and cancellations: beforeNextCall runs `meanwhile` just before the store's next
 * call of a command (`TransactWriteItemsCommand`, `PutItemCommand`, `UpdateItemCommand`, ...) goes
 * out, i.e. between a write's read and its write, the window a concurrent request would hit.
 *
 *   const race = beforeNextTransaction(() => deleteTheProfileAndSignUpAgain());
 *   await patchTheProfile();   // its read saw the old profile, its write meets the new one
 *
 * Both are interceptions of the store's client (./intercept-send.ts): they count how often they
 * fired, undo themselves when the test finishes, and fail a test in which they never fired.
 * `meanwhile` records what it sees for the test to assert afterwards: an assertion failing inside
 * it would only surface as the failed transaction of the request under test.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../../src/store/client';
import { type InterceptedSend, interceptSend } from './intercept-send';

export function beforeNextCall(command: string, meanwhile: () => Promise<void>): InterceptedSend {
  return interceptSend(documentClient, {
    name: `The race before the next ${command}`,
    command,
    times: 1, // what `meanwhile` sends goes straight through
    act: async (_call, send) => {
      await meanwhile();
      return send();
    },
  });
}

export const beforeNextTransaction = (meanwhile: () => Promise<void>): InterceptedSend =>
  beforeNextCall('TransactWriteItemsCommand', meanwhile);

/**
 * The next `times` TransactWriteItems are cancelled as DynamoDB cancels them when an item is busy or
 * throttled (one reason per item; `codes` gives them, the rest are `None`); later ones go through.
 * `count` says how many were cancelled.
 */
export function cancelNextTransaction(codes: string[], times = 1): InterceptedSend {
  return interceptSend<TransactWriteCommandInput>(documentClient, {
    name: `A TransactWriteItems cancelled for [${codes.join(', ')}]`,
    command: 'TransactWriteItemsCommand',
    times,
    act: async ({ input }) => {
      const items = input.TransactItems ?? [];
      throw new TransactionCanceledException({
        message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(', ')}]`,
        $metadata: {},
        CancellationReasons: items.map((_, i) => ({ Code: codes[i] ?? 'None' })),
      });
    },
  });
}
