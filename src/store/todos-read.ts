import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { NotFoundError } from '../http/errors';
import { documentClient, tableName } from './client';
import { type Todo, todoKey, todoOf } from './todos-items';

export const todoNotFound = (todoId: string, cause?: unknown): NotFoundError =>
  new NotFoundError(`No todo ${todoId}.`, cause === undefined ? undefined : { cause });

/** The caller's todo `todoId` (strongly consistent), or `undefined`. */
export async function findTodo(sub: string, todoId: string): Promise<Todo | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: tableName, Key: todoKey(sub, todoId), ConsistentRead: true }),
  );
  return Item ? todoOf(Item as Todo) : undefined;
}

/** The caller's todo `todoId`; 404 when absent. Another user's todo is absent: the key starts from `sub`. */
export async function readTodo(sub: string, todoId: string): Promise<Todo> {
  const todo = await findTodo(sub, todoId);
  if (!todo) throw todoNotFound(todoId);
  return todo;
}
