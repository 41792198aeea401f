import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './client';
import { TodoNotFound } from './errors';
import { todoKey } from './keys';
import { type Todo, todoOf } from './todos-items';

/** The caller's todo `todoId` (strongly consistent), or `undefined`. */
export async function findTodo(sub: string, todoId: string): Promise<Todo | undefined> {
  const { Item } = await documentClient.send(
    new GetCommand({ TableName: tableName, Key: todoKey(sub, todoId), ConsistentRead: true }),
  );
  return Item ? todoOf(Item as Todo) : undefined;
}

/** The caller's todo `todoId`, or TodoNotFound. Another user's todo is absent: its key starts from `sub`. */
export async function readTodo(sub: string, todoId: string): Promise<Todo> {
  const todo = await findTodo(sub, todoId);
  if (!todo) throw new TodoNotFound(todoId);
  return todo;
}
