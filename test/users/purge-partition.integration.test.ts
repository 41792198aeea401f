/**
 * One step of erasing a partition (src/store/purge-user.ts), against DynamoDB Local: what it costs,
 * where it stops, how it resends what BatchWriteItem left unprocessed, and the profile a racing
 * POST /users writes meanwhile.
 */
import type { BatchWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { handler } from '../../src/functions/users';
import { documentClient, tableName } from '../../src/store/client';
import { purgePartitionStep } from '../../src/store/purge-user';
import { invoke } from '../support/contract-response';
import { event } from '../support/events';
import { interceptSend } from '../support/intercept-send';
import { beforeNextCall } from '../support/interleave';
import { ownedItems, partitionKeys, seedItems } from '../support/user-data';
import { newSub, userCreate } from '../support/users';

describe('purgePartitionStep', () => {
  it('deletes at most its budget, in whole batches of 25, and says when a Query found the partition empty', async () => {
    // Prepare: 61 items
    const sub = newSub();
    await seedItems(ownedItems(sub, 20));
    // Act
    const first = await purgePartitionStep(sub, { maxItems: 50 });
    const second = await purgePartitionStep(sub, { maxItems: 50 });
    // Assess
    expect(first).toEqual({ itemsDeleted: 50, batchWriteRequests: 2, queryRequests: 1, done: false });
    expect(second).toEqual({ itemsDeleted: 11, batchWriteRequests: 1, queryRequests: 2, done: true });
    expect(await partitionKeys(`USER#${sub}`)).toEqual([]);
  });

  it('resends the deletes BatchWriteItem leaves unprocessed', async () => {
    // Prepare: DynamoDB Local never throttles, so an interception of the store's client plays
    // throttling: the first two BatchWriteItems (25 and 6 deletes) only get 5 through and hand the
    // rest back unprocessed.
    const sub = newSub();
    await seedItems(ownedItems(sub, 10)); // 31 items
    const throttled = interceptSend<BatchWriteCommandInput>(documentClient, {
      name: 'A BatchWriteItem throttled in part',
      command: 'BatchWriteItemCommand',
      times: 2,
      act: async ({ input }, send) => {
        const requests = input.RequestItems?.[tableName] ?? [];
        await send({ RequestItems: { [tableName]: requests.slice(0, 5) } });
        return { UnprocessedItems: { [tableName]: requests.slice(5) } };
      },
    });
    // Act
    const report = await purgePartitionStep(sub);
    // Assess
    expect(throttled.count).toBe(2);
    expect(report.itemsDeleted).toBe(31);
    expect(report.batchWriteRequests).toBe(4); // 2 batches + 2 resends
    expect(await partitionKeys(`USER#${sub}`)).toEqual([]);
  });

  it('erases a profile a racing POST /users created during the erase together with its username guard', async () => {
    // Prepare: the profile is recreated just before the step's Query, as a POST /users racing
    // DELETE /users/me can do. Its username guard must not outlive it.
    const sub = newSub();
    const profile = userCreate();
    let recreated: number | undefined; // the racing POST's status, once it ran
    const race = beforeNextCall('QueryCommand', async () => {
      recreated = (await invoke(handler, event('POST /users', { sub, body: profile }))).status;
    });

    // Act
    const report = await purgePartitionStep(sub);

    // Assess: nothing left in the partition, and the username is free for anyone again.
    expect(race.count).toBe(1);
    expect(recreated).toBe(201);
    expect(report).toMatchObject({ itemsDeleted: 2, done: true }); // the profile and its guard
    expect(await partitionKeys(`USER#${sub}`)).toEqual([]);
    const other = await invoke(handler, event('POST /users', { sub: newSub(), body: profile }));
    expect(other.status).toBe(201);
  });
});
