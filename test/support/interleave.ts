/**
 * Deterministic races and cancellations: beforeNextTransaction runs `meanwhile` just before the next TransactWriteItems of the store goes
 * out, i.e. between a write's read and its write, the window a concurrent request would hit.
 *
 *   beforeNextTransaction(() => deleteTheProfileAndSignUpAgain());
 *   await patchTheProfile();   // its read saw the old profile, its write meets the new one
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { vi } from 'vitest';
import { documentClient } from '../../src/store/client';

export function beforeNextTransaction(meanwhile: () => Promise<void>): void {
  const send = documentClient.send.bind(documentClient) as (command: unknown) => Promise<unknown>;
  const spy = vi.spyOn(documentClient, 'send').mockImplementation((async (command: unknown) => {
    if (command instanceof TransactWriteCommand) {
      spy.mockRestore(); // what `meanwhile` sends goes straight through
      await meanwhile();
    }
    return send(command);
  }) as never);
}

/**
 * The next `times` TransactWriteItems are cancelled as DynamoDB cancels them when an item is busy or
 * throttled (one reason per item; `codes` gives them, the rest are `None`); later ones go through.
 * `count` says how many were cancelled; `restore()` stops early.
 */
export function cancelNextTransaction(codes: string[], times = 1): { count: number; restore(): void } {
  const send = documentClient.send.bind(documentClient) as (command: unknown) => Promise<unknown>;
  const cancelled = { count: 0, restore: () => spy.mockRestore() };
  const spy = vi.spyOn(documentClient, 'send').mockImplementation((async (command: unknown) => {
    if (!(command instanceof TransactWriteCommand)) return send(command);
    cancelled.count++;
    if (cancelled.count === times) spy.mockRestore();
    const items = command.input.TransactItems ?? [];
    throw new TransactionCanceledException({
      message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(', ')}]`,
      $metadata: {},
      CancellationReasons: items.map((_, i) => ({ Code: codes[i] ?? 'None' })),
    });
  }) as never);
  return cancelled;
}
