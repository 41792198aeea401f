/**
 * The app's few routes on the History API: no router library, the initial bundle stays small.
 *
 *   /                 the todo list (?completed=true|false&tag=x)
 *   /todos/new        a new todo
 *   /todos/:id        one todo: edit, complete, delete, attachments
 *   /profile          the caller's profile
 *   /auth/callback    the OpenID Connect redirect (handled by the session before rendering)
 */
import { type AnchorHTMLAttributes, type MouseEvent, useSyncExternalStore } from 'react';

export type Route =
  | { name: 'todos'; completed?: boolean; tag?: string }
  | { name: 'new-todo' }
  | { name: 'todo'; todoId: string }
  | { name: 'profile' }
  | { name: 'not-found'; path: string };

const NAVIGATED = 'swiftyplanner:navigated';
let navigatedInApp = false;

/** Whether the user has moved between screens in this page load (not only loaded it). */
export function hasNavigatedInApp(): boolean {
  return navigatedInApp;
}

export function routeOf(url: URL): Route {
  const path = url.pathname.replace(/\/+$/, '') || '/';
  if (path === '/') {
    const completed = url.searchParams.get('completed');
    const tag = url.searchParams.get('tag');
    return {
      name: 'todos',
      ...(completed === 'true' || completed === 'false' ? { completed: completed === 'true' } : {}),
      ...(tag ? { tag } : {}),
    };
  }
  if (path === '/todos/new') return { name: 'new-todo' };
  if (path === '/profile') return { name: 'profile' };
  const todo = /^\/todos\/([^/]+)$/.exec(path);
  if (todo?.[1]) return { name: 'todo', todoId: decodeURIComponent(todo[1]) };
  return { name: 'not-found', path };
}

export function hrefOf(route: Route): string {
  switch (route.name) {
    case 'todos': {
      const query = new URLSearchParams();
      if (route.completed !== undefined) query.set('completed', String(route.completed));
      if (route.tag) query.set('tag', route.tag);
      const search = query.toString();
      return search ? `/?${search}` : '/';
    }
    case 'new-todo':
      return '/todos/new';
    case 'todo':
      return `/todos/${encodeURIComponent(route.todoId)}`;
    case 'profile':
      return '/profile';
    case 'not-found':
      return route.path;
  }
}

export function navigate(to: Route | string, options: { replace?: boolean } = {}): void {
  navigatedInApp = true;
  const href = typeof to === 'string' ? to : hrefOf(to);
  if (options.replace) window.history.replaceState(null, '', href);
  else window.history.pushState(null, '', href);
  window.dispatchEvent(new Event(NAVIGATED));
}

window.addEventListener('popstate', () => {
  navigatedInApp = true;
});

function subscribe(listener: () => void): () => void {
  window.addEventListener('popstate', listener);
  window.addEventListener(NAVIGATED, listener);
  return () => {
    window.removeEventListener('popstate', listener);
    window.removeEventListener(NAVIGATED, listener);
  };
}

/** The current URL's path and query: re-renders on navigate() and on the browser's back and forward. */
export function useLocationHref(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname + window.location.search);
}

export function useRoute(): Route {
  const href = useLocationHref();
  return routeOf(new URL(href, window.location.origin));
}

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { to: Route };

/** A real link (open in a new tab works) that navigates in place on a plain click. */
export function Link({ to, onClick, ...props }: LinkProps) {
  const href = hrefOf(to);
  const follow = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={follow} {...props} />;
}
