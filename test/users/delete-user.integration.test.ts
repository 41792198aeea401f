/**
 * DELETE /users/me erases the whole partition USER#<sub> and the guards, against DynamoDB Local.
 * The partition is seeded with raw items of every kind a user owns, written by the document client.
 */
import { BatchWriteCommand, type BatchWriteCommandOutput, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulidx';
import { describe, expect, it } from 'vitest';
import { operations } from '../../generated/validators/users';
import { handler } from '../../src/functions/users';
import { createFunctionHandler } from '../../src/http/function-handler';
import { createDeleteMyUser } from '../../src/operations/users/delete-my-user';
import { documentClient, tableName } from '../../src/store/client';
import { type PurgeOptions, purgeUser } from '../../src/store/purge-user';
import { invoke } from '../support/contract-response';
import { event } from '../support/events';
import { newSub, userCreate } from '../support/users';

type Item = Record<string, unknown> & { PK: string; SK: string };

/** `todos` todos, each with a tag pointer and an attachment record, plus one idempotency record. */
function ownedItems(sub: string, todos: number): Item[] {
  const pk = `USER#${sub}`;
  const items: Item[] = [];
  for (let i = 0; i < todos; i++) {
    const id = ulid();
    items.push({
      PK: pk,
      SK: `TODO#${id}`,
      GSI1PK: `${pk}#COMPLETED#false`,
      GSI1SK: `TODO#${id}`,
      title: `t${i}`,
    });
    items.push({
      PK: pk,
      SK: `TAG#home#${id}`,
      GSI1PK: `${pk}#TAG#home#COMPLETED#false`,
      GSI1SK: `TODO#${id}`,
    });
    items.push({ PK: pk, SK: `ATT#${id}#${ulid()}`, fileName: 'receipt.pdf' });
  }
  items.push({ PK: pk, SK: 'IDEMPOTENCY#key-12345678', ttl: Math.floor(Date.now() / 1000) + 3600 });
  return items;
}

async function seed(items: Item[]): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    const out = await documentClient.send(
      new BatchWriteCommand({
        RequestItems: { [tableName]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) },
      }),
    );
    expect(out.UnprocessedItems?.[tableName] ?? []).toEqual([]);
  }
}

async function partitionKeys(pk: string): Promise<string[]> {
  const keys: string[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ConsistentRead: true,
        ExclusiveStartKey,
      }),
    );
    keys.push(...(page.Items ?? []).map((item) => String(item.SK)));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return keys;
}

async function withProfile(sub: string) {
  const body = userCreate();
  expect((await invoke(handler, event('POST /users', { sub, body }))).status).toBe(201);
  return body;
}

describe('DELETE /users/me', () => {
  it('removes the profile, its guards and every item of the partition, and no one else’s', async () => {
    // Prepare
    const [sub, neighbour] = [newSub(), newSub()];
    const body = await withProfile(sub);
    await seed(ownedItems(sub, 20));
    await seed(ownedItems(neighbour, 2));
    // Act
    const res = await invoke(handler, event('DELETE /users/me', { sub }));
    // Assess
    expect(res.status).toBe(204);
    expect(await partitionKeys(`USER#${sub}`)).toEqual([]);
    expect(await partitionKeys(`USERNAME#${body.username}`)).toEqual([]);
    expect(await partitionKeys(`EMAIL#${body.email}`)).toEqual([]);
    expect(await partitionKeys(`USER#${neighbour}`)).toHaveLength(7);
  });

  it('erases the todos of a caller who never had a profile', async () => {
    const sub = newSub();
    await seed(ownedItems(sub, 3));
    const res = await invoke(handler, event('DELETE /users/me', { sub }));
    expect(res.status).toBe(204);
    expect(await partitionKeys(`USER#${sub}`)).toEqual([]);
  });

  it('keeps everything when If-Match is stale', async () => {
    const sub = newSub();
    await withProfile(sub);
    await seed(ownedItems(sub, 1));
    const res = await invoke(handler, event('DELETE /users/me', { sub, headers: { 'If-Match': '"9"' } }));
    expect(res.status).toBe(412);
    expect(await partitionKeys(`USER#${sub}`)).toHaveLength(5);
  });

  it('erases the stored files after the table, through the eraser it is given', async () => {
    // Prepare
    const sub = newSub();
    await seed(ownedItems(sub, 1));
    const erased: { sub: string; leftInTable: number }[] = [];
    const withFiles = createFunctionHandler(operations, {
      deleteMyUser: createDeleteMyUser({
        eraseFiles: async (owner) => {
          erased.push({ sub: owner, leftInTable: (await partitionKeys(`USER#${owner}`)).length });
        },
      }),
    });
    // Act
    const res = await invoke(withFiles, event('DELETE /users/me', { sub }));
    // Assess
    expect(res.status).toBe(204);
    expect(erased).toEqual([{ sub, leftInTable: 0 }]);
  });
});

describe('purgeUser', () => {
  it('reports what it cost: one Query per page plus the confirming one, a BatchWriteItem per 25', async () => {
    const sub = newSub();
    await withProfile(sub);
    await seed(ownedItems(sub, 20)); // 61 items in the partition besides the profile
    const report = await purgeUser(sub, undefined);
    expect(report).toEqual({
      profileDeleted: true,
      itemsDeleted: 63, // and the profile and its username guard
      batchWriteRequests: 3,
      queryRequests: 2,
    });
    expect(await purgeUser(sub, undefined)).toEqual({
      profileDeleted: false,
      itemsDeleted: 0,
      batchWriteRequests: 0,
      queryRequests: 1,
    });
  });

  it('resends the deletes BatchWriteItem leaves unprocessed', async () => {
    // Prepare: DynamoDB Local never throttles, so a client in front of it plays throttling: the first
    // two BatchWriteItems (25 and 6 deletes) only get 5 through and hand the rest back unprocessed.
    const sub = newSub();
    await seed(ownedItems(sub, 10)); // 31 items
    let throttled = 0;
    const send = async (command: QueryCommand | BatchWriteCommand) => {
      if (command instanceof BatchWriteCommand && throttled < 2) {
        throttled++;
        const requests = command.input.RequestItems?.[tableName] ?? [];
        await documentClient.send(
          new BatchWriteCommand({ RequestItems: { [tableName]: requests.slice(0, 5) } }),
        );
        return { UnprocessedItems: { [tableName]: requests.slice(5) } } as BatchWriteCommandOutput;
      }
      return documentClient.send(command as QueryCommand);
    };
    const flaky = { send } as unknown as PurgeOptions['client'];
    // Act
    const report = await purgeUser(sub, undefined, { client: flaky });
    // Assess
    expect(throttled).toBe(2);
    expect(report.itemsDeleted).toBe(31);
    expect(report.batchWriteRequests).toBe(4); // 2 batches + 2 resends
    expect(await partitionKeys(`USER#${sub}`)).toEqual([]);
  });

  it('erases a profile a racing POST /users created during the erase together with its guards', async () => {
    // Prepare: the profile is recreated between the first delete and the sweep's Query, as a
    // POST /users racing DELETE /users/me can do. Its guards must not outlive it.
    const sub = newSub();
    const first = await withProfile(sub);
    let recreated: number | undefined; // the racing POST's status, once it ran
    const send = async (command: QueryCommand | BatchWriteCommand) => {
      if (command instanceof QueryCommand && recreated === undefined) {
        recreated = (await invoke(handler, event('POST /users', { sub, body: first }))).status;
      }
      return documentClient.send(command as QueryCommand);
    };
    const racing = { send } as unknown as PurgeOptions['client'];

    // Act
    const report = await purgeUser(sub, undefined, { client: racing });

    // Assess: nothing left in the partition, and the username is free for anyone again.
    expect(recreated).toBe(201);
    expect(report.itemsDeleted).toBe(4);
    expect(await partitionKeys(`USER#${sub}`)).toEqual([]);
    const other = await invoke(handler, event('POST /users', { sub: newSub(), body: first }));
    expect(other.status).toBe(201);
  });
});
