/**
 * Deterministic races between erasing a user's partition (src/store/purge-user.ts) and that user's
 * own writes, in both orders:
 *
 *   purgePausedAfter(key, meanwhile)   the purge deletes `key` and stops: `meanwhile` (a request) runs
 *                                      against the half-erased partition, then the purge goes on
 *
 *       const purge = purgePausedAfter(`ATTCOUNT#${todoId}`, () => deleteAttachment(...));
 *       await purgePartitionStep(sub);
 *       expect(purge.count).toBe(1);
 *
 *   beforeNextCall(command, meanwhile) the request under test has read and is about to write: its
 *                                      next `command` waits until `meanwhile` (the whole purge) ran
 *                                      (./interleave.ts)
 *
 * Both are interceptions of the store's client (./intercept-send.ts): each counts its firing, undoes
 * itself when the test finishes, and fails a test in which it never fired. `meanwhile` records what
 * it sees; the test asserts after.
 */
import type { BatchWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from '../../src/store/client';
import { type InterceptedSend, interceptSend } from './intercept-send';

type DeleteRequest = { DeleteRequest?: { Key?: { SK?: string } } };

const deletesOf = (input: BatchWriteCommandInput) =>
  (input.RequestItems?.[tableName] ?? []) as DeleteRequest[];

/** The purge's BatchWriteItem that deletes the item whose sort key is `sortKey` stops right after it. */
export function purgePausedAfter(sortKey: string, meanwhile: () => Promise<void>): InterceptedSend {
  const isTarget = (request: DeleteRequest) => request.DeleteRequest?.Key?.SK === sortKey;
  return interceptSend<BatchWriteCommandInput>(documentClient, {
    name: `The purge's pause after deleting ${sortKey}`,
    command: 'BatchWriteItemCommand',
    matches: (input) => deletesOf(input).some(isTarget),
    times: 1, // what `meanwhile` sends goes straight through
    act: async ({ input }, send) => {
      const requests = deletesOf(input);
      // That one delete first, as one batch of the purge may land before the next.
      await send({ RequestItems: { [tableName]: requests.filter(isTarget) } } as BatchWriteCommandInput);
      await meanwhile();
      const rest = requests.filter((request) => !isTarget(request));
      if (rest.length === 0) return { UnprocessedItems: {} };
      return send({ RequestItems: { [tableName]: rest } } as BatchWriteCommandInput);
    },
  });
}
