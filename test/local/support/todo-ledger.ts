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
 *
 * One exception is DynamoDB Local's, not ours: it answers a write a few milliseconds before the write
 * is on disk, so a SIGKILL right after its answer loses it (bench/dynamodb-local-durability.ts
 * measures this on DynamoDB Local alone; DynamoDB on AWS answers once a write is durable). A write
 * sent before the kill and acknowledged in the moment before it is therefore `at-the-kill`: it may go
 * either way too, and the check counts which way it went.
 */
import type { Operation } from './todo-load';

export type Outcome = 'done' | 'unknown' | 'not-done' | 'at-the-kill';

/** When DynamoDB Local was killed (`Date.now()` just after the SIGKILL). */
export interface Kill {
  at: number;
}

/**
 * How long before the kill an acknowledged write may still be lost. DynamoDB Local alone lost writes
 * it had answered up to 3 ms before a SIGKILL on an idle machine and up to 15 ms on a busy one
 * (bench/dynamodb-local-durability.ts, 20 kills each); through the stack, with other tests running
 * beside it, the lost writes' answers reached the client up to 45 ms before the kill. The window leaves
 * room for a busier machine than that.
 */
export const UNSYNCED_MS = 250;

const MAYBE_MADE = /may or may not have been made/;

export function outcomeOf(operation: Operation, kill?: Kill): Outcome {
  const { status } = operation;
  if (status === 'hung') return 'unknown'; // no answer at all: reported as a budget violation anyway
  if (
    operation.kind !== 'read' &&
    kill &&
    status >= 200 &&
    status < 300 &&
    acknowledgedAtThe(kill, operation)
  )
    return 'at-the-kill';
  if ((status >= 200 && status < 300) || (operation.kind === 'delete' && status === 404)) return 'done';
  const unknown =
    status === 503 &&
    operation.problemType === 'https://swiftyplanner.dev/problems/service-unavailable' &&
    MAYBE_MADE.test(operation.detail ?? '');
  return unknown ? 'unknown' : 'not-done';
}

/** Sent to the java that was killed, and answered no earlier than UNSYNCED_MS before the kill. */
const acknowledgedAtThe = (kill: Kill, operation: Operation) =>
  operation.startedAt < kill.at && operation.endedAt >= kill.at - UNSYNCED_MS;

/** What a check found in the store: each acknowledged todo's read, and every title of each caller. */
export interface Stored {
  /** GET /todos/{id} after the traffic: the title, or undefined for a 404. */
  todo(todoId: string): { title: string } | undefined;
  /** Every title in the caller's list after the traffic. */
  titles(sub: string): Set<string>;
}

export interface LedgerCheck {
  violations: string[];
  /**
   * Writes that may go either way, and whether each was in fact made: those whose answer said so
   * (`answer`), and those DynamoDB Local acknowledged at the kill (`kill`).
   */
  unknown: { kind: Operation['kind']; made: boolean; why: 'answer' | 'kill' }[];
}

export function checkLedger(operations: readonly Operation[], stored: Stored, kill?: Kill): LedgerCheck {
  const violations: string[] = [];
  const unknown: LedgerCheck['unknown'] = [];
  const outcome = (operation: Operation) => outcomeOf(operation, kill);
  /** Whether the write may go either way; if so, counts which way it went. */
  const mayGoEitherWay = (operation: Operation, made: boolean) => {
    const why = { unknown: 'answer', 'at-the-kill': 'kill' } as const;
    const of = outcome(operation);
    if (of === 'unknown' || of === 'at-the-kill') unknown.push({ kind: operation.kind, made, why: why[of] });
    return of === 'unknown' || of === 'at-the-kill';
  };
  const answer = (operation: Operation) =>
    `${operation.status}${operation.detail ? ` (${operation.detail.slice(0, 120)})` : ''}` +
    (kill ? ` ${operation.endedAt - kill.at} ms from the kill` : '');
  const writesTo = new Map<string, Operation[]>();
  for (const operation of operations) {
    if (operation.todoId && operation.kind !== 'create' && operation.kind !== 'read') {
      writesTo.set(operation.todoId, [...(writesTo.get(operation.todoId) ?? []), operation]);
    }
  }

  for (const create of operations.filter((operation) => operation.kind === 'create')) {
    if (!create.todoId) {
      // No id came back: the title, unique to this request, says whether it was saved anyway.
      const titles = stored.titles(create.sub);
      const made = titles.has(create.title) || titles.has(`${create.title} patched`);
      if (!mayGoEitherWay(create, made) && made)
        violations.push(`POST /todos "${create.title}" answered ${answer(create)}, but the todo was saved`);
      continue;
    }
    const id = create.todoId;
    const found = stored.todo(id);
    const writes = writesTo.get(id) ?? [];
    const remove = writes.find((operation) => operation.kind === 'delete');
    const patch = writes.find((operation) => operation.kind === 'patch');

    const removal = remove ? outcome(remove) : 'not-done';
    const createMayBeLost = mayGoEitherWay(create, found !== undefined || removal === 'done');
    if (remove) mayGoEitherWay(remove, found === undefined);
    if (removal === 'done' && found) {
      violations.push(
        `DELETE /todos/${id} answered ${answer(remove as Operation)}, but the todo is still there`,
      );
    }
    if (removal === 'not-done' && !found) {
      if (remove) violations.push(`DELETE /todos/${id} answered ${answer(remove)}, but the todo is gone`);
      else if (!createMayBeLost)
        violations.push(
          `POST /todos "${create.title}" answered ${answer(create)} (${id}), but the todo is gone`,
        );
    }
    if (!found || !patch) continue;

    const patchedTitle = found.title === patch.title;
    const change = outcome(patch);
    if (!mayGoEitherWay(patch, patchedTitle)) {
      if (change === 'done' && !patchedTitle)
        violations.push(`PATCH /todos/${id} answered ${answer(patch)}, but the title is "${found.title}"`);
      if (change === 'not-done' && patchedTitle)
        violations.push(`PATCH /todos/${id} answered ${answer(patch)}, but its title was saved`);
    }
    if (found.title !== create.title && !patchedTitle) {
      violations.push(`/todos/${id} has the title "${found.title}", which no request of its worker wrote`);
    }
  }
  return { violations, unknown };
}
