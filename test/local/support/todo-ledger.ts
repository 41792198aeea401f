/**
 * What the store must hold after the traffic of ./todo-load.ts, worked out from the answers alone,
 * and every place where it does not. Each answer to a write is one of:
 *
 *   done             2xx; and 404 to a DELETE (the todo is gone either way)
 *   outcome unknown  503 `service-unavailable` whose detail says the change "may or may not have been
 *                    made": the answer to a write whose call to DynamoDB was cut short (throttled,
 *                    timed out, unreachable), src/http/store-problems.ts
 *   not done         anything else: a 4xx, a 500, a 503 that does not say so (a write that lost its
 *                    race "changed nothing"), the gateway's own 5xx
 *
 * A `done` write must be there afterwards (or undone only by a later write of the same worker), a
 * `not done` one must have left no trace, an `unknown` one may go either way.
 */
import type { Operation } from './todo-load';

export type Outcome = 'done' | 'unknown' | 'not-done';

const MAYBE_MADE = /may or may not have been made/;

export function outcomeOf(operation: Operation): Outcome {
  const { status } = operation;
  if (status === 'hung') return 'unknown'; // no answer at all: reported as a budget violation anyway
  if ((status >= 200 && status < 300) || (operation.kind === 'delete' && status === 404)) return 'done';
  const unknown =
    status === 503 &&
    operation.problemType === 'https://swiftyplanner.dev/problems/service-unavailable' &&
    MAYBE_MADE.test(operation.detail ?? '');
  return unknown ? 'unknown' : 'not-done';
}

/** What a check found in the store: each acknowledged todo's read, and every title of each caller. */
export interface Stored {
  /** GET /todos/{id} after the traffic: the title, or undefined for a 404. */
  todo(todoId: string): { title: string } | undefined;
  /** Every title in the caller's list after the traffic. */
  titles(sub: string): Set<string>;
}

export interface LedgerCheck {
  violations: string[];
  /** Writes whose answer said the outcome is unknown, and whether each was in fact made. */
  unknown: { kind: Operation['kind']; made: boolean }[];
}

const answer = (operation: Operation) =>
  `${operation.status}${operation.detail ? ` (${operation.detail.slice(0, 120)})` : ''}`;

export function checkLedger(operations: readonly Operation[], stored: Stored): LedgerCheck {
  const violations: string[] = [];
  const unknown: LedgerCheck['unknown'] = [];
  const writesTo = new Map<string, Operation[]>();
  for (const operation of operations) {
    if (operation.todoId && operation.kind !== 'create' && operation.kind !== 'read') {
      writesTo.set(operation.todoId, [...(writesTo.get(operation.todoId) ?? []), operation]);
    }
  }

  for (const create of operations.filter((operation) => operation.kind === 'create')) {
    const outcome = outcomeOf(create);
    if (outcome !== 'done' || !create.todoId) {
      // No id came back: the title, unique to this request, says whether it was saved anyway.
      const titles = stored.titles(create.sub);
      const made = titles.has(create.title) || titles.has(`${create.title} patched`);
      if (outcome === 'unknown') unknown.push({ kind: 'create', made });
      else if (made)
        violations.push(`POST /todos "${create.title}" answered ${answer(create)}, but the todo was saved`);
      continue;
    }
    const id = create.todoId;
    const found = stored.todo(id);
    const writes = writesTo.get(id) ?? [];
    const remove = writes.find((operation) => operation.kind === 'delete');
    const patch = writes.find((operation) => operation.kind === 'patch');

    const removal = remove ? outcomeOf(remove) : 'not-done';
    if (remove && removal === 'unknown') unknown.push({ kind: 'delete', made: found === undefined });
    if (removal === 'done' && found) {
      violations.push(
        `DELETE /todos/${id} answered ${answer(remove as Operation)}, but the todo is still there`,
      );
    }
    if (removal === 'not-done' && !found) {
      violations.push(
        remove
          ? `DELETE /todos/${id} answered ${answer(remove)}, but the todo is gone`
          : `POST /todos "${create.title}" answered 201 (${id}), but the todo is gone`,
      );
    }
    if (!found || !patch) continue;

    const change = outcomeOf(patch);
    const patchedTitle = found.title === patch.title;
    if (change === 'unknown') unknown.push({ kind: 'patch', made: patchedTitle });
    if (change === 'done' && !patchedTitle) {
      violations.push(`PATCH /todos/${id} answered ${answer(patch)}, but the title is "${found.title}"`);
    }
    if (change === 'not-done' && patchedTitle) {
      violations.push(`PATCH /todos/${id} answered ${answer(patch)}, but its title was saved`);
    }
    if (found.title !== create.title && !patchedTitle) {
      violations.push(`/todos/${id} has the title "${found.title}", which no request of its worker wrote`);
    }
  }
  return { violations, unknown };
}
