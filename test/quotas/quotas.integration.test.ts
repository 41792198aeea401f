/**
 * Per-user quotas through the todos handler against DynamoDB Local: a maximum of todos, of bytes of
 * attachments and of live idempotency records, each enforced by the usage item updated in the same
 * transaction as the write (src/store/usage.ts), each refusal its own problem, and every delete
 * giving back what it held. Ten thousand todos are not created for a test: the usage item is set
 * close to a limit, as a user who has that many would have it.
 */
import { randomUUID } from 'node:crypto';
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulidx';
import { describe, expect, it } from 'vitest';
import { createAttachment as recordAttachment } from '../../src/store/attachments';
import { documentClient, tableName } from '../../src/store/client';
import { QUOTAS, readUsage } from '../../src/store/usage';
import { hourOf } from '../../src/store/usage-item';
import {
  attachmentBody,
  createAttachment,
  deleteAttachment,
  todoOf,
} from '../attachments/attachment-requests';
import { setUsage } from '../support/usage';
import { createTodo, deleteTodo, listTodos } from '../todos/todo-requests';

const PROBLEMS = 'https://swiftyplanner.dev/problems/';
const usageKey = (sub: string) => ({ PK: `USER#${sub}`, SK: 'USAGE' });

/** A caller whose usage item exists (their first todo counted it): the todo's id. */
async function callerWithATodo(sub: string): Promise<string> {
  return todoOf(sub);
}

describe('the todo quota', () => {
  it(`holds a caller at ${QUOTAS.todos} todos even when creates race, with 409 todo-limit`, async () => {
    // Prepare: three todos short of the limit.
    const sub = randomUUID();
    await callerWithATodo(sub);
    await setUsage(sub, { todos: QUOTAS.todos - 3 });

    // Act
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => createTodo(sub, { title: `t${i}` })),
    );

    // Assess
    expect(results.map((r) => r.status).sort()).toEqual([201, 201, 201, 409, 409, 409, 409, 409]);
    const refused = results.find((r) => r.status === 409);
    expect(refused?.body).toMatchObject({
      type: `${PROBLEMS}todo-limit`,
      detail:
        'An account keeps at most 10,000 todos. Delete todos you no longer need, then create this one again.',
    });
    expect((await readUsage(sub))?.todos).toBe(QUOTAS.todos);
    expect((await listTodos(sub)).body.items).toHaveLength(4);
  });

  it('gives a todo back when one is deleted', async () => {
    const sub = randomUUID();
    const first = await callerWithATodo(sub);
    await setUsage(sub, { todos: QUOTAS.todos });
    expect((await createTodo(sub, { title: 'one too many' })).status).toBe(409);

    expect((await deleteTodo(sub, first)).status).toBe(204);

    expect((await readUsage(sub))?.todos).toBe(QUOTAS.todos - 1);
    expect((await createTodo(sub, { title: 'fits again' })).status).toBe(201);
  });
});

describe('the attachment storage quota', () => {
  it('refuses a file that would pass 1 GiB with 409 attachment-storage-limit, and takes one that fits', async () => {
    const sub = randomUUID();
    const todoId = await callerWithATodo(sub);
    await setUsage(sub, { attachmentBytes: QUOTAS.attachmentBytes - 1000 });

    const tooLarge = await createAttachment(sub, todoId, attachmentBody({ size: 1001 }));
    const fits = await createAttachment(sub, todoId, attachmentBody({ size: 1000 }));

    expect(tooLarge.status).toBe(409);
    expect(tooLarge.body).toMatchObject({
      type: `${PROBLEMS}attachment-storage-limit`,
      detail:
        "An account's attachments take at most 1 GiB (uploads not finished included): yours take 1024 MiB, " +
        'and this file needs 1001 bytes. Delete attachments, or todos that have them, to make room.',
    });
    expect(fits.status).toBe(201);
    expect((await readUsage(sub))?.attachmentBytes).toBe(QUOTAS.attachmentBytes);
  });

  it('gives the bytes back on an attachment delete and on a todo delete', async () => {
    const sub = randomUUID();
    const [a, b] = [await callerWithATodo(sub), await todoOf(sub)];
    const kept = await createAttachment(sub, a, attachmentBody({ size: 100 }));
    const dropped = await createAttachment(sub, a, attachmentBody({ size: 200 }));
    expect((await createAttachment(sub, b, attachmentBody({ size: 400 }))).status).toBe(201);
    expect((await readUsage(sub))?.attachmentBytes).toBe(700);

    expect((await deleteAttachment(sub, a, dropped.body.attachment.id)).status).toBe(204);
    expect((await readUsage(sub))?.attachmentBytes).toBe(500);
    expect((await deleteTodo(sub, a)).status).toBe(204);

    expect(await readUsage(sub)).toMatchObject({ todos: 1, attachmentBytes: 400 });
    expect(kept.status).toBe(201);
  });

  it('gives back the bytes of uploads abandoned long ago on another todo when storage is full', async () => {
    // Prepare: an upload declared an hour ago on todo A, never made; storage is full.
    const sub = randomUUID();
    const [a, b] = [await callerWithATodo(sub), await todoOf(sub)];
    const anHourAgo = new Date(Date.now() - 60 * 60 * 1000);
    await recordAttachment(
      sub,
      a,
      ulid(),
      { fileName: 'big.pdf', contentType: 'application/pdf', size: 5000 },
      anHourAgo,
    );
    await setUsage(sub, { attachmentBytes: QUOTAS.attachmentBytes });

    // Act
    const res = await createAttachment(sub, b, attachmentBody({ size: 3000 }));

    // Assess
    expect(res.status).toBe(201);
    expect((await readUsage(sub))?.attachmentBytes).toBe(QUOTAS.attachmentBytes - 5000 + 3000);
  });
});

describe('the idempotency key quota', () => {
  const nowSeconds = () => Math.floor(Date.now() / 1000);

  it('refuses a new key at 1,000 live ones with 429 idempotency-key-limit and Retry-After, and still replays', async () => {
    // Prepare: one key used for real; the rest of the quota taken by keys expiring two hours on.
    const sub = randomUUID();
    const used = `key-${randomUUID()}`;
    const first = await createTodo(sub, { title: 'once' }, { 'Idempotency-Key': used });
    expect(first.status).toBe(201);
    const later = hourOf(nowSeconds() + 2 * 3600);
    await setUsage(sub, { keys: QUOTAS.idempotencyKeys, [`keys@${later}`]: QUOTAS.idempotencyKeys - 1 });

    // Act
    const refused = await createTodo(sub, { title: 'new' }, { 'Idempotency-Key': `key-${randomUUID()}` });
    const replayed = await createTodo(sub, { title: 'once' }, { 'Idempotency-Key': used });

    // Assess: the earliest hour counted (two hours on; the real key's is 24 hours on) frees first.
    expect(refused.status).toBe(429);
    expect(refused.body.type).toBe(`${PROBLEMS}idempotency-key-limit`);
    const retryAfter = Number(refused.headers['retry-after']);
    const expected = Date.parse(`${later}:00:00Z`) / 1000 + 3600 - nowSeconds();
    expect(Math.abs(retryAfter - expected)).toBeLessThanOrEqual(2);
    expect(refused.body.detail).toContain(`expire in ${retryAfter} s (Retry-After)`);
    expect(replayed.status).toBe(201);
    expect(replayed.body.id).toBe(first.body.id);
    expect((await listTodos(sub)).body.items).toHaveLength(1);
  });

  it('counts a key until its hour has ended, then gives it back to the next claim', async () => {
    // Prepare: the quota is full, and 10 of the keys counted expired in an hour that has ended.
    const sub = randomUUID();
    await callerWithATodo(sub);
    const ended = hourOf(nowSeconds() - 2 * 3600);
    const live = hourOf(nowSeconds() + 3600);
    await setUsage(sub, {
      keys: QUOTAS.idempotencyKeys,
      [`keys@${ended}`]: 10,
      [`keys@${live}`]: QUOTAS.idempotencyKeys - 10,
    });

    // Act
    const res = await createTodo(sub, { title: 'fits' }, { 'Idempotency-Key': `key-${randomUUID()}` });

    // Assess
    expect(res.status).toBe(201);
    const usage = await readUsage(sub);
    expect(usage?.keys).toBe(QUOTAS.idempotencyKeys - 10 + 1);
    expect(usage?.keyHours[ended]).toBeUndefined();
  });

  it('does not give a key back when its todo is deleted: the record still answers retries', async () => {
    const sub = randomUUID();
    const res = await createTodo(sub, { title: 'a' }, { 'Idempotency-Key': `key-${randomUUID()}` });
    expect((await deleteTodo(sub, res.body.id)).status).toBe(204);
    expect(await readUsage(sub)).toMatchObject({ todos: 0, keys: 1 });
  });
});

describe('the usage item', () => {
  it('is counted from the data the first time a write needs it (a user from before quotas)', async () => {
    // Prepare: todos, attachments and idempotency records, one of them expired, and no usage item.
    const sub = randomUUID();
    const todoId = await callerWithATodo(sub);
    await createTodo(sub, { title: 'b' }, { 'Idempotency-Key': `key-${randomUUID()}` });
    expect((await createAttachment(sub, todoId, attachmentBody({ size: 123 }))).status).toBe(201);
    await documentClient.send(
      new PutCommand({
        TableName: tableName,
        Item: { PK: `USER#${sub}`, SK: 'IDEMPOTENCY#expired', ttl: nowSecondsMinus(60) },
      }),
    );
    await documentClient.send(new DeleteCommand({ TableName: tableName, Key: usageKey(sub) }));

    // Act
    expect((await createTodo(sub, { title: 'c' })).status).toBe(201);

    // Assess
    expect(await readUsage(sub)).toMatchObject({ todos: 3, attachmentBytes: 123, keys: 1 });
  });

  it('is counted again when it disagrees with the data, and the delete still succeeds', async () => {
    // Prepare: a usage item that says 0 todos while one exists.
    const sub = randomUUID();
    const todoId = await callerWithATodo(sub);
    await setUsage(sub, { todos: 0 });

    // Act
    const res = await deleteTodo(sub, todoId);

    // Assess
    expect(res.status).toBe(204);
    expect((await readUsage(sub))?.todos).toBe(0);
  });
});

describe('a usage item whose key count does not add up to its hours', () => {
  it('is counted again instead of refusing keys for good', async () => {
    // Prepare: a count of 1,000 keys with no hour to take any of them off (set by hand, say).
    const sub = randomUUID();
    await createTodo(sub, { title: 'a' }, { 'Idempotency-Key': `key-${randomUUID()}` });
    const hour = Object.keys((await readUsage(sub))?.keyHours ?? {})[0] ?? '';
    await documentClient.send(
      new UpdateCommand({
        TableName: tableName,
        Key: usageKey(sub),
        UpdateExpression: 'SET #keys = :full REMOVE #hour',
        ExpressionAttributeNames: { '#keys': 'keys', '#hour': `keys@${hour}` },
        ExpressionAttributeValues: { ':full': QUOTAS.idempotencyKeys },
      }),
    );

    // Act
    const res = await createTodo(sub, { title: 'b' }, { 'Idempotency-Key': `key-${randomUUID()}` });

    // Assess: counted from the two records.
    expect(res.status).toBe(201);
    expect((await readUsage(sub))?.keys).toBe(2);
  });
});

function nowSecondsMinus(seconds: number): number {
  return Math.floor(Date.now() / 1000) - seconds;
}
