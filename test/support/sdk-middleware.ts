/**
 * The common part of the faults and races that sit inside an SDK client's middleware stack
 * (./answer-lost.ts, ./dependency-fault.ts, ./purge-race.ts): install a middleware for one test,
 * count how often it acted, remove it when the test finishes (pass or fail), and fail a test in
 * which it never acted. Inside the stack, unlike a spy on `send`, it meets what the functions wrap
 * around `send` (src/aws/dependency-calls.ts) exactly as AWS's own answers would.
 */
import { onTestFinished } from 'vitest';

export interface CountedMiddleware {
  /** How often it acted so far. */
  readonly count: number;
  /** Removes it now (it is removed when the test finishes anyway). */
  restore(): void;
}

/** Where in the stack: a step (and priority within it), or right after a named middleware. */
export type Placement =
  | { step: 'initialize' | 'build'; priority: 'high' | 'low' }
  | { relation: 'after'; toMiddleware: string };

type Middleware = (next: (args: never) => Promise<unknown>, context: { commandName?: string }) => unknown;

interface Stack {
  add(middleware: unknown, options: object): void;
  addRelativeTo(middleware: unknown, options: object): void;
  remove(name: string): boolean;
}

let installed = 0;

/**
 * `make(acted)` builds the middleware; it calls `acted()` each time it does what it is for.
 * `what` names it in the failure of a test in which it never acted.
 */
export function installCountedMiddleware(
  client: { middlewareStack: unknown },
  what: string,
  placement: Placement,
  make: (acted: () => number) => Middleware,
): CountedMiddleware {
  const name = `test-${++installed}`;
  const stack = client.middlewareStack as Stack;
  const state = { count: 0 };
  const middleware = make(() => ++state.count);
  if ('step' in placement) stack.add(middleware, { ...placement, name });
  else stack.addRelativeTo(middleware, { ...placement, name });
  const restore = () => {
    stack.remove(name);
  };
  onTestFinished(() => {
    restore();
    if (state.count === 0)
      throw new Error(`${what} never happened: the test did not exercise what it describes.`);
  });
  return {
    get count() {
      return state.count;
    },
    restore,
  };
}
