/** Done or open, and one tag: the list's filters, kept in the URL. */
import { type FormEvent, useId, useState } from 'react';
import { checkField } from '../contract/rules';
import { navigate, type Route } from '../routing/router';
import { TODO_RULES } from './todo-draft';

type TodosRoute = Extract<Route, { name: 'todos' }>;

const TAG_RULE = TODO_RULES.tags.items ?? { required: false };

export function TodoFilters({ route }: { route: TodosRoute }) {
  const id = useId();
  const [tag, setTag] = useState(route.tag ?? '');
  const [tagError, setTagError] = useState<string>();
  const shown = route.completed === undefined ? 'all' : route.completed ? 'done' : 'open';

  const go = (next: Partial<TodosRoute>) => {
    const merged = { ...route, ...next };
    navigate({
      name: 'todos',
      ...(merged.completed !== undefined ? { completed: merged.completed } : {}),
      ...(merged.tag ? { tag: merged.tag } : {}),
    });
  };
  const applyTag = (event: FormEvent) => {
    event.preventDefault();
    const value = tag.trim();
    const problem = value ? checkField({ ...TAG_RULE, required: false }, value) : undefined;
    setTagError(problem);
    if (!problem) go({ tag: value || undefined });
  };

  return (
    <form className="filters" aria-label="Filter todos" onSubmit={applyTag}>
      <div className="field">
        <label htmlFor={`${id}-shown`}>Show</label>
        <select
          id={`${id}-shown`}
          value={shown}
          onChange={(event) => {
            const value = event.target.value;
            go({ completed: value === 'all' ? undefined : value === 'done' });
          }}
        >
          <option value="all">All</option>
          <option value="open">Open</option>
          <option value="done">Done</option>
        </select>
      </div>
      <div className={tagError ? 'field field-invalid' : 'field'}>
        <label htmlFor={`${id}-tag`}>Tag</label>
        <div className="inline">
          <input
            id={`${id}-tag`}
            value={tag}
            onChange={(event) => setTag(event.target.value)}
            placeholder="any"
            autoCapitalize="none"
            autoComplete="off"
            aria-invalid={tagError ? true : undefined}
            aria-describedby={tagError ? `${id}-tag-error` : undefined}
          />
          <button type="submit">Filter</button>
          {route.tag || route.completed !== undefined ? (
            <button
              type="button"
              onClick={() => {
                setTag('');
                setTagError(undefined);
                navigate({ name: 'todos' });
              }}
            >
              Clear
            </button>
          ) : null}
        </div>
        {tagError ? (
          <p className="field-error" id={`${id}-tag-error`}>
            {tagError}
          </p>
        ) : null}
      </div>
    </form>
  );
}
