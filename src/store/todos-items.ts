/**
 * How a todo is laid out in the table: its keys, the todo item and its tag pointer items, and the
 * mapping back to the contract's `Todo`. Access patterns: see ./todos.ts.
 *
 *   item           PK           SK                 GSI1PK                                   GSI1SK
 *   todo           USER#<sub>   TODO#<ulid>        USER#<sub>#COMPLETED#<bool>              TODO#<ulid>
 *   tag pointer    USER#<sub>   TAG#<tag>#<ulid>   USER#<sub>#TAG#<tag>#COMPLETED#<bool>    TODO#<ulid>
 *
 * Every key starts from the caller's sub, so no request can name another user's item.
 */
import type { components } from '../../generated/openapi';

export type Todo = components['schemas']['Todo'];

import { type TableKey, userPartition } from './keys';

export { type TableKey, userPartition };

interface IndexKey {
  GSI1PK: string;
  GSI1SK: string;
}

export type TodoItem = TableKey & IndexKey & { type: 'todo' } & Todo;
export type TagPointerItem = TableKey & IndexKey & { type: 'tag-pointer'; todoId: string; tag: string };

export const todoSortKey = (todoId: string): string => `TODO#${todoId}`;
export const tagPointerPrefix = (tag: string): string => `TAG#${tag}#`;

export function todoKey(sub: string, todoId: string): TableKey {
  return { PK: userPartition(sub), SK: todoSortKey(todoId) };
}

export function tagPointerKey(sub: string, tag: string, todoId: string): TableKey {
  return { PK: userPartition(sub), SK: tagPointerPrefix(tag) + todoId };
}

export function completedPartition(sub: string, completed: boolean): string {
  return `${userPartition(sub)}#COMPLETED#${completed}`;
}

export function tagCompletedPartition(sub: string, tag: string, completed: boolean): string {
  return `${userPartition(sub)}#TAG#${tag}#COMPLETED#${completed}`;
}

export function todoItemOf(sub: string, todo: Todo): TodoItem {
  return {
    ...todoKey(sub, todo.id),
    GSI1PK: completedPartition(sub, todo.completed),
    GSI1SK: todoSortKey(todo.id),
    type: 'todo',
    ...todoOf(todo),
  };
}

export function tagPointerItemOf(sub: string, todo: Todo, tag: string): TagPointerItem {
  return {
    ...tagPointerKey(sub, tag, todo.id),
    GSI1PK: tagCompletedPartition(sub, tag, todo.completed),
    GSI1SK: todoSortKey(todo.id),
    type: 'tag-pointer',
    todoId: todo.id,
    tag,
  };
}

/** The contract's representation of a stored todo: exactly the declared members, nothing of the keys. */
export function todoOf(item: Todo): Todo {
  const todo: Todo = {
    id: item.id,
    title: item.title,
    dueDate: item.dueDate ?? null,
    priority: item.priority,
    tags: [...(item.tags ?? [])],
    completed: item.completed,
    completedAt: item.completedAt ?? null,
    createdAt: item.createdAt,
    updatedAt: item.updatedAt,
    version: item.version,
  };
  if (typeof item.notes === 'string') todo.notes = item.notes;
  return todo;
}

/** The ulid at the end of a todo or pointer sort key (`TODO#<ulid>`, `TAG#<tag>#<ulid>`). */
export function todoIdOfSortKey(sortKey: string): string {
  return sortKey.slice(sortKey.lastIndexOf('#') + 1);
}
