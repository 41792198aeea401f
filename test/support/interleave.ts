/**
 * Deterministic races: runs `meanwhile` just before the next TransactWriteItems of the store goes
 * out, i.e. between a write's read and its write, the window a concurrent request would hit.
 *
 *   beforeNextTransaction(() => deleteTheProfileAndSignUpAgain());
 *   await patchTheProfile();   // its read saw the old profile, its write meets the new one
 */
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
