/** One todo in the list: done with one click, its title leading to the todo, its tags to their filter. */
import { useState } from 'react';
import type { Todo, TodoPatch } from '../../../src/client';
import { hasStatus } from '../api/problem';
import { Link } from '../routing/router';
import { ProblemAlert } from '../ui/problem-alert';
import { TodoConflict } from './todo-conflict';
import { TodoMeta } from './todo-meta';
import { useTodoPatch } from './todo-queries';

export function TodoRow({ todo }: { todo: Todo }) {
  const patch = useTodoPatch(todo.id);
  const [conflict, setConflict] = useState<{ base: Todo; patch: TodoPatch }>();
  // The box follows the click at once; the server's answer (or a refusal) settles it.
  const [optimistic, setOptimistic] = useState<boolean>();
  const toggle = () => {
    const change = { completed: !todo.completed };
    setOptimistic(change.completed);
    patch.send(
      { base: todo, patch: change },
      {
        onSettled: () => setOptimistic(undefined),
        onError: (error) => {
          if (!hasStatus(error, 412)) return;
          patch.reset();
          setConflict({ base: todo, patch: change });
        },
      },
    );
  };
  return (
    <li className={todo.completed ? 'todo-row todo-done' : 'todo-row'}>
      <div className="todo-row-main">
        <input
          type="checkbox"
          className="todo-check"
          checked={optimistic ?? todo.completed}
          onChange={toggle}
          disabled={patch.isPending}
          aria-label={`Done: ${todo.title}`}
        />
        <div className="todo-row-text">
          <Link to={{ name: 'todo', todoId: todo.id }} className="todo-title">
            {todo.title}
          </Link>
          <TodoMeta todo={todo} />
        </div>
      </div>
      {conflict ? (
        <TodoConflict
          todoId={todo.id}
          base={conflict.base}
          patch={conflict.patch}
          onResolved={() => {
            patch.reset();
            setConflict(undefined);
          }}
        />
      ) : patch.error ? (
        <ProblemAlert error={patch.error} />
      ) : null}
    </li>
  );
}
