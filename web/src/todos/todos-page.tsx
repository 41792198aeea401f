/**
 * The todo list: newest first, filtered by done or open and by tag (kept in the URL, so a filtered
 * list can be bookmarked), one page at a time with "Load more" from `nextCursor`.
 */
import { useApi } from '../api/api';
import { Link, type Route } from '../routing/router';
import { PageHeading } from '../ui/page';
import { ProblemAlert } from '../ui/problem-alert';
import { TodoFilters } from './todo-filters';
import { PAGE_SIZE } from './todo-queries';
import { TodoRow } from './todo-row';

type TodosRoute = Extract<Route, { name: 'todos' }>;

export function TodosPage({ route }: { route: TodosRoute }) {
  const { completed, tag } = route;
  const list = useApi().useInfiniteQuery(
    'get',
    '/todos',
    { params: { query: { limit: PAGE_SIZE, completed, tag } } },
    {
      pageParamName: 'cursor',
      // null, not undefined: openapi-react-query would send cursor=0 for an undefined first page param.
      initialPageParam: null,
      getNextPageParam: (page) => page.nextCursor,
    },
  );
  const todos = list.data?.pages.flatMap((page) => page.items) ?? [];
  const filtered = completed !== undefined || tag !== undefined;

  return (
    <section aria-labelledby="todos-heading">
      <div className="page-head">
        <PageHeading title="Todos" id="todos-heading">
          Todos
        </PageHeading>
        <Link to={{ name: 'new-todo' }} className="button button-primary">
          New todo
        </Link>
      </div>
      <TodoFilters key={`${completed}:${tag}`} route={route} />
      {list.isPending ? (
        <p role="status" className="placeholder">
          Loading todos…
        </p>
      ) : list.isError && !list.data ? (
        <ProblemAlert error={list.error}>
          <button type="button" onClick={() => void list.refetch()}>
            Try again
          </button>
        </ProblemAlert>
      ) : todos.length === 0 ? (
        <div className="placeholder" role="status">
          {filtered ? (
            <>
              <p>No todos match these filters.</p>
              <Link to={{ name: 'todos' }}>Show all todos</Link>
            </>
          ) : (
            <>
              <p>No todos yet.</p>
              <Link to={{ name: 'new-todo' }}>Create your first one</Link>
            </>
          )}
        </div>
      ) : (
        <>
          <ul className="todo-list" aria-label="Todos, newest first">
            {todos.map((todo) => (
              <TodoRow key={todo.id} todo={todo} />
            ))}
          </ul>
          <p className="muted" role="status">
            {todos.length} {todos.length === 1 ? 'todo' : 'todos'} shown
            {list.hasNextPage ? ', more to load' : ''}.
          </p>
          {list.isFetchNextPageError ? <ProblemAlert error={list.error} /> : null}
          {list.hasNextPage ? (
            <button
              type="button"
              className="load-more"
              onClick={() => void list.fetchNextPage()}
              disabled={list.isFetchingNextPage}
            >
              {list.isFetchingNextPage ? 'Loading…' : 'Load more'}
            </button>
          ) : null}
        </>
      )}
    </section>
  );
}
