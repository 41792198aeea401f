/** Priority, due date and tags of a todo, the tags linking to the list filtered by them. */
import type { Todo } from '../../../src/client';
import { Link } from '../routing/router';

export function formatDate(date: string): string {
  // A due date is a calendar day: read it as such, not as midnight UTC in the user's time zone.
  const [year, month, day] = date.split('-').map(Number);
  return new Date(year ?? 0, (month ?? 1) - 1, day ?? 1).toLocaleDateString(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
  });
}

export function TodoMeta({ todo }: { todo: Todo }) {
  return (
    <div className="todo-meta">
      {todo.priority !== 'normal' ? (
        <span className={`badge badge-${todo.priority}`}>{todo.priority} priority</span>
      ) : null}
      {todo.dueDate ? <span className="due">Due {formatDate(todo.dueDate)}</span> : null}
      {todo.tags.map((tag) => (
        <Link key={tag} to={{ name: 'todos', tag }} className="tag">
          #{tag}
        </Link>
      ))}
    </div>
  );
}
