/**
 * The domain rules of a todo's life, apart from how it is stored: defaults on create, JSON Merge
 * Patch (RFC 7396) on change, and `completedAt` following `completed`.
 */
import type { components } from '../../../generated/openapi';
import type { Todo } from '../../store/todos';

type TodoCreate = components['schemas']['TodoCreate'];
type TodoPatch = components['schemas']['TodoPatch'];

export function todoFromCreate(id: string, body: TodoCreate, now: Date): Todo {
  const at = now.toISOString();
  const completed = body.completed ?? false;
  const todo: Todo = {
    id,
    title: body.title,
    dueDate: body.dueDate ?? null,
    priority: body.priority ?? 'normal',
    tags: [...(body.tags ?? [])],
    completed,
    completedAt: completed ? at : null,
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  if (body.notes !== undefined) todo.notes = body.notes;
  return todo;
}

/**
 * Members present in the patch replace the todo's; `null` removes `notes` and clears `dueDate`.
 * Completing stamps `completedAt` (kept if it was already completed); reopening clears it.
 * `version` is the store's business (it bumps it on write).
 */
export function applyTodoPatch(current: Todo, patch: TodoPatch, now: Date): Todo {
  const at = now.toISOString();
  const completed = patch.completed ?? current.completed;
  const { notes: _notes, ...rest } = current;
  const notes = patch.notes === undefined ? current.notes : patch.notes;
  return {
    ...rest,
    ...(typeof notes === 'string' ? { notes } : {}),
    title: patch.title ?? current.title,
    dueDate: patch.dueDate === undefined ? current.dueDate : patch.dueDate,
    priority: patch.priority ?? current.priority,
    tags: [...(patch.tags ?? current.tags)],
    completed,
    completedAt: completed === current.completed ? current.completedAt : completed ? at : null,
    updatedAt: at,
  };
}
