/**
 * Deterministic races between erasing a user's partition (src/store/purge-user.ts) and that user's
 * own writes, in both orders:
 *
 *   purgePausedAfter(key, meanwhile)   the purge deletes `key` and stops: `meanwhile` (a request) runs
 *                                      against the half-erased partition, then the purge goes on
 *
 *       const purge = purgePausedAfter(`ATTCOUNT#${todoId}`, () => deleteAttachment(...));
 *       await purgeUser(sub, undefined, { client: purge.client });
 *
 *   beforeNextCall(command, meanwhile) the request under test has read and is about to write: its
 *                                      next `command` waits until `meanwhile` (the whole purge) ran
 *
 * Like the other interceptions here: each counts its firing, undoes itself when the test finishes,
 * and fails a test in which it never fired. `meanwhile` records what it sees; the test asserts after.
 */
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { onTestFinished } from 'vitest';
import { documentClient, tableName } from '../../src/store/client';
import { type CountedMiddleware, installCountedMiddleware } from './sdk-middleware';

type DeleteRequest = { DeleteRequest: { Key: { PK: string; SK: string } } };

export interface PausedPurge {
  /** Pass as purgeUser's `client`. */
  client: Pick<DynamoDBDocumentClient, 'send'>;
  readonly fired: boolean;
}

/** A purge client that stops right after deleting the item whose sort key is `sortKey`. */
export function purgePausedAfter(sortKey: string, meanwhile: () => Promise<void>): PausedPurge {
  const state = { fired: false };
  const send = async (command: unknown): Promise<unknown> => {
    if (state.fired || !(command instanceof BatchWriteCommand)) return documentClient.send(command as never);
    const requests = (command.input.RequestItems?.[tableName] ?? []) as DeleteRequest[];
    const target = requests.find((r) => r.DeleteRequest?.Key.SK === sortKey);
    if (!target) return documentClient.send(command);
    state.fired = true;
    // That one delete first, as one batch of the purge may land before the next.
    await documentClient.send(new BatchWriteCommand({ RequestItems: { [tableName]: [target] } }));
    await meanwhile();
    const rest = requests.filter((r) => r !== target);
    if (rest.length === 0) return { UnprocessedItems: {} };
    return documentClient.send(new BatchWriteCommand({ RequestItems: { [tableName]: rest } }));
  };
  onTestFinished(() => {
    if (!state.fired) throw new Error(`The purge never deleted ${sortKey}: the race did not happen.`);
  });
  return {
    client: { send } as Pick<DynamoDBDocumentClient, 'send'>,
    get fired() {
      return state.fired;
    },
  };
}

/**
 * The next `commandName` (`TransactWriteItemsCommand`, `PutItemCommand`, `UpdateItemCommand`, ...)
 * of the store waits until `meanwhile` has run; what `meanwhile` sends goes straight through.
 */
export function beforeNextCall(commandName: string, meanwhile: () => Promise<void>): CountedMiddleware {
  return installCountedMiddleware(
    documentClient,
    `The race before the next ${commandName}`,
    { step: 'initialize', priority: 'high' },
    (acted) => {
      let count = 0;
      return (next, context) => async (args: never) => {
        if (context.commandName !== commandName || count > 0) return next(args);
        count = acted();
        await meanwhile();
        return next(args);
      };
    },
  );
}
