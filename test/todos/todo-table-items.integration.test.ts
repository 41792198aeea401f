/**
 * What the operations leave in the table: the todo and exactly one pointer per tag, with GSI1 keys
 * that follow `completed`, all moved together. Reads the caller's partition directly.
 */
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { todoFromCreate } from '../../src/operations/todos/todo-changes';
import { documentClient, tableName } from '../../src/store/client';
import { findTodo, newTodoId, putNewTodo } from '../../src/store/todos';
import { newSub, todoBody } from '../support/todo-factory';
import { createTodo, deleteTodo, patchTodo } from './todo-requests';

async function partition(sub: string): Promise<Record<string, string>> {
  const { Items = [] } = await documentClient.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': `USER#${sub}` },
      ConsistentRead: true,
    }),
  );
  // The caller's usage counter has tests of its own (test/quotas).
  return Object.fromEntries(
    Items.filter((item) => item.SK !== 'USAGE').map((item) => [
      item.SK as string,
      (item.GSI1PK as string) ?? '-',
    ]),
  );
}

/**
 * The error of a write refused because the todo exists: DynamoDB's failed `attribute_not_exists`
 * condition, on the PutItem or on the todo's item (the first) of the transaction; itself, or the
 * cause of the store's own error.
 */
function refusedAsExisting(error: unknown): boolean {
  for (let e = error; e instanceof Error; e = e.cause) {
    if (e instanceof ConditionalCheckFailedException) return true;
    if (e instanceof TransactionCanceledException)
      return e.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed';
  }
  return false;
}

describe('todo items in the table', () => {
  it('writes the todo and one pointer per tag, keyed by completed', async () => {
    const sub = newSub();
    const { body: todo } = await createTodo(sub, todoBody({ tags: ['a', 'b'] }));
    expect(await partition(sub)).toEqual({
      [`TODO#${todo.id}`]: `USER#${sub}#COMPLETED#false`,
      [`TAG#a#${todo.id}`]: `USER#${sub}#TAG#a#COMPLETED#false`,
      [`TAG#b#${todo.id}`]: `USER#${sub}#TAG#b#COMPLETED#false`,
    });
  });

  it('moves pointers with the tags and rewrites every pointer when completed flips', async () => {
    const sub = newSub();
    const { body: todo } = await createTodo(sub, todoBody({ tags: ['a', 'b'] }));
    await patchTodo(sub, todo.id, { tags: ['b', 'c'] });
    expect(await partition(sub)).toEqual({
      [`TODO#${todo.id}`]: `USER#${sub}#COMPLETED#false`,
      [`TAG#b#${todo.id}`]: `USER#${sub}#TAG#b#COMPLETED#false`,
      [`TAG#c#${todo.id}`]: `USER#${sub}#TAG#c#COMPLETED#false`,
    });
    await patchTodo(sub, todo.id, { completed: true });
    expect(await partition(sub)).toEqual({
      [`TODO#${todo.id}`]: `USER#${sub}#COMPLETED#true`,
      [`TAG#b#${todo.id}`]: `USER#${sub}#TAG#b#COMPLETED#true`,
      [`TAG#c#${todo.id}`]: `USER#${sub}#TAG#c#COMPLETED#true`,
    });
  });

  // With tags or without, with an Idempotency-Key or without: no create overwrites a todo that
  // already has the id.
  it.each([[[] as string[]], [['a']]])('never overwrites an existing todo (tags %j)', async (tags) => {
    const sub = newSub();
    const id = newTodoId();
    const create = (title: string) =>
      todoFromCreate(id, { title, tags, priority: 'normal', completed: false }, new Date());
    await putNewTodo(sub, create('first'));
    await expect(putNewTodo(sub, create('second'))).rejects.toSatisfy(refusedAsExisting);
    expect((await findTodo(sub, id))?.title).toBe('first');
  });

  it('deletes the todo with its pointers, leaving nothing behind', async () => {
    const sub = newSub();
    const { body: todo } = await createTodo(sub, todoBody({ tags: ['a', 'b', 'c'] }));
    await deleteTodo(sub, todo.id);
    expect(await partition(sub)).toEqual({});
  });

  it('keeps pointers exact under concurrent tag changes', async () => {
    const sub = newSub();
    const { body: todo } = await createTodo(sub, todoBody({ tags: ['a'] }));
    const tagSets = [['a', 'b'], ['c'], ['b', 'd'], [], ['a', 'e', 'f'], ['d']];
    const results = await Promise.all(
      tagSets.map((tags, i) => patchTodo(sub, todo.id, { tags, completed: i % 2 === 0 })),
    );
    expect(results.map((r) => r.status)).toEqual(tagSets.map(() => 200));
    const final = results.find((r) => r.body.version === tagSets.length + 1)?.body;
    expect(final).toBeDefined();
    const expected: Record<string, string> = {
      [`TODO#${todo.id}`]: `USER#${sub}#COMPLETED#${final.completed}`,
    };
    for (const tag of final.tags)
      expected[`TAG#${tag}#${todo.id}`] = `USER#${sub}#TAG#${tag}#COMPLETED#${final.completed}`;
    expect(await partition(sub)).toEqual(expected);
  });
});
