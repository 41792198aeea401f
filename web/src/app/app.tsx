/** The frame every screen sits in (header, navigation, sign-out) and the choice of screen. */
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useSession, useSessionState } from '../auth/session-context';
import { SignInPage } from '../auth/sign-in-page';
import { ProfilePage } from '../profile/profile-page';
import { Link, type Route, useLocationHref, useRoute } from '../routing/router';
import { NewTodoPage } from '../todos/new-todo-page';
import { TodoPage } from '../todos/todo-page';
import { TodosPage } from '../todos/todos-page';
import { ErrorBoundary } from '../ui/error-boundary';
import { PageHeading } from '../ui/page';

export function App() {
  const state = useSessionState();
  const route = useRoute();
  const href = useLocationHref();
  const queryClient = useQueryClient();
  // Nothing of one user's data outlives their session in this tab.
  useEffect(() => {
    if (state.status === 'signed-out') queryClient.clear();
  }, [state.status, queryClient]);

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <div className="app-header-inner">
          <a className="brand" href="/">
            SwiftyPlanner
          </a>
          {state.status === 'signed-in' ? <SignedInNav route={route} name={state.user.name} /> : null}
        </div>
      </header>
      <main id="main" className="app-main">
        <ErrorBoundary resetKey={href}>
          {state.status === 'starting' ? (
            <p role="status" className="placeholder">
              Signing in…
            </p>
          ) : state.status === 'signed-out' ? (
            <SignInPage notice={state.notice} />
          ) : (
            <Screen route={route} />
          )}
        </ErrorBoundary>
      </main>
    </>
  );
}

function SignedInNav({ route, name }: { route: Route; name: string }) {
  const session = useSession();
  const current = (names: Route['name'][]) => (names.includes(route.name) ? 'page' : undefined);
  return (
    <>
      <nav aria-label="Main" className="app-nav">
        <Link to={{ name: 'todos' }} aria-current={current(['todos', 'todo', 'new-todo'])}>
          Todos
        </Link>
        <Link to={{ name: 'profile' }} aria-current={current(['profile'])}>
          Profile
        </Link>
      </nav>
      <div className="account">
        <span className="who">
          <span className="visually-hidden">Signed in as </span>
          {name}
        </span>
        <button type="button" className="button-quiet" onClick={() => void session.end()}>
          Sign out
        </button>
      </div>
    </>
  );
}

function Screen({ route }: { route: Route }) {
  switch (route.name) {
    case 'todos':
      return <TodosPage route={route} />;
    case 'new-todo':
      return <NewTodoPage />;
    case 'todo':
      return <TodoPage key={route.todoId} todoId={route.todoId} />;
    case 'profile':
      return <ProfilePage />;
    case 'not-found':
      return (
        <section className="panel">
          <PageHeading title="Not found">Nothing here</PageHeading>
          <p>There is no page at {route.path}.</p>
          <Link to={{ name: 'todos' }}>Back to the todos</Link>
        </section>
      );
  }
}
