/**
 * A create whose transaction DynamoDB applied and then ran again (a retry it did not take as a replay
 * of the ClientRequestToken: DynamoDB Local does so when the first is still queued behind others) finds
 * its own todo under its fresh ULID. That is the create's success, answered as such, counted once; a
 * different todo holding the id is not taken for it.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { todoFromCreate } from '../../src/operations/todos/todo-changes';
import { documentClient, tableName } from '../../src/store/client';
import { usageKey } from '../../src/store/keys';
import { newTodoId, putNewTodo } from '../../src/store/todos';
import { interceptSend } from '../support/intercept-send';
import { newSub } from '../support/todo-factory';

const todoOf = (id: string, createdAt: Date) =>
  todoFromCreate(
    id,
    { priority: 'normal', tags: ['home'], completed: false, title: 'Water the plants' },
    createdAt,
  );

async function storedTodoCount(sub: string): Promise<unknown> {
  const { Item } = await documentClient.send(new GetCommand({ TableName: tableName, Key: usageKey(sub) }));
  return Item?.todos;
}

describe('a create applied twice', () => {
  it('answers the todo it stored the first time, and counts it once', async () => {
    // Prepare: the first run of the transaction, applied.
    const sub = newSub();
    const todo = todoOf(newTodoId(), new Date());
    await putNewTodo(sub, todo);
    const ranAgain = interceptSend(documentClient, {
      name: 'the same create transaction run again',
      command: 'TransactWriteItemsCommand',
      act: (_call, send) => send(),
    });

    // Act: the same transaction again, as DynamoDB runs a retry it does not recognise.
    const again = await putNewTodo(sub, todo);

    // Assess
    expect(ranAgain.count).toBe(1);
    expect(again).toEqual({ todo, replayed: false });
    expect(await storedTodoCount(sub)).toBe(1);
  });

  it('still refuses when another todo holds the id: only its own earlier write is a success', async () => {
    const sub = newSub();
    const id = newTodoId();
    await putNewTodo(sub, todoOf(id, new Date('2026-01-01T00:00:00Z')));

    const failure = await putNewTodo(sub, todoOf(id, new Date('2026-01-02T00:00:00Z'))).catch(
      (e: unknown) => e,
    );

    expect(failure).toMatchObject({ name: 'TransactionCanceledException' });
    expect(await storedTodoCount(sub)).toBe(1);
  });
});
