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
  const [conflict, setConflict] = useState<TodoPatch>();
  const toggle = () => {
    const change = { completed: !todo.completed };
    patch.send(
      { base: todo, patch: change },
      {
        onError: (error) => {
          if (!hasStatus(error, 412)) return;
          patch.reset();
          setConflict(change);
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
          checked={todo.completed}
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
          patch={conflict}
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
