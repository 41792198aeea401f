/**
 * How a todo is stored: the todo item and its tag pointer items (keys from ./keys.ts), and the
 * mapping back to the contract's `Todo`. Pointers copy no todo attribute but `completed` (in their
 * GSI1PK), so changing a title touches one item.
 */
import type { components } from '../../generated/openapi';
import {
  completedPartition,
  type TableKey,
  tagCompletedPartition,
  tagPointerKey,
  todoKey,
  todoSortKey,
} from './keys';

export type Todo = components['schemas']['Todo'];

interface IndexKey {
  GSI1PK: string;
  GSI1SK: string;
}

export type TodoItem = TableKey & IndexKey & { type: 'todo' } & Todo;
export type TagPointerItem = TableKey & IndexKey & { type: 'tag-pointer'; todoId: string; tag: string };

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

/** What a todo's ETag is made of: its version (a todo id is never used again, so nothing else is needed). */
export function todoTag(todo: Todo): string {
  return String(todo.version);
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
