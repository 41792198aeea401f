/**
 * Factories for todo request bodies and for seeding todos straight into the store (fast, for tests
 * that need hundreds of todos and test something else than creating them).
 */
import type { components } from '../../generated/openapi';
import { todoFromCreate } from '../../src/operations/todos/todo-changes';
import { newTodoId, putNewTodo, type Todo } from '../../src/store/todos';

type TodoCreate = components['schemas']['TodoCreate'];

/** A valid create body; `todoBody({ tags: ['x'] })`. Defaults are left to the contract unless given. */
export function todoBody(overrides: Partial<TodoCreate> = {}): Partial<TodoCreate> & { title: string } {
  return { title: 'Buy milk', notes: 'Oat, two litres.', dueDate: '2026-12-01', ...overrides };
}

/** A fresh caller: tests share one table and stay apart by sub. */
export function newSub(label = 'user'): string {
  return `${label}-${crypto.randomUUID()}`;
}

/** Stores `count` todos for `sub`, `shape(i)` deciding each one's fields; resolves in creation order. */
export async function seedTodos(
  sub: string,
  count: number,
  shape: (i: number) => Partial<TodoCreate> = () => ({}),
): Promise<Todo[]> {
  const todos = Array.from({ length: count }, (_, i) =>
    todoFromCreate(
      newTodoId(),
      { priority: 'normal', tags: [], completed: false, title: `Todo ${i}`, ...shape(i) },
      new Date(),
    ),
  );
  const saved: Todo[] = [];
  for (let i = 0; i < todos.length; i += 25) {
    const batch = await Promise.all(todos.slice(i, i + 25).map((todo) => putNewTodo(sub, todo)));
    saved.push(...batch.map((created) => created.todo));
  }
  return saved;
}
