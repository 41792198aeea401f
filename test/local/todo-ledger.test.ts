/**
 * The ledger of the fault test (./support/todo-ledger.ts) on made-up histories: it must see a lost
 * acknowledged write and a write that answered 5xx but was made, and let an answer that said "may or
 * may not have been made" go either way. Otherwise a passing fault test would prove nothing.
 */
import { describe, expect, it } from 'vitest';
import { checkLedger, outcomeOf, type Stored, UNSYNCED_MS } from './support/todo-ledger';
import type { Operation } from './support/todo-load';

const MAYBE =
  'The database is overloaded or did not answer in time, so this change may or may not have been made.';
const PROBLEMS = 'https://swiftyplanner.dev/problems/';

function operation(overrides: Partial<Operation> & Pick<Operation, 'kind' | 'status'>): Operation {
  return { sub: 'ada', worker: 'ada/w0', title: 'ada/w0 round 1', startedAt: 0, endedAt: 1, ...overrides };
}

const unavailable = (overrides: Partial<Operation> & Pick<Operation, 'kind'>) =>
  operation({ status: 503, problemType: `${PROBLEMS}service-unavailable`, detail: MAYBE, ...overrides });

function store(todos: Record<string, string | undefined>, titles: string[] = []): Stored {
  return {
    todo: (id) => (todos[id] === undefined ? undefined : { title: todos[id] as string }),
    titles: () => new Set(titles),
  };
}

describe('outcomeOf', () => {
  it.each([
    [operation({ kind: 'create', status: 201 }), 'done'],
    [operation({ kind: 'delete', status: 404 }), 'done'],
    [unavailable({ kind: 'patch' }), 'unknown'],
    [unavailable({ kind: 'patch', detail: 'Other changes kept winning; nothing was changed.' }), 'not-done'],
    [operation({ kind: 'create', status: 500, problemType: `${PROBLEMS}internal` }), 'not-done'],
    [operation({ kind: 'create', status: 503, detail: 'Service Unavailable' }), 'not-done'],
  ])('%#: %o is %s', (answer, outcome) => {
    expect(outcomeOf(answer)).toBe(outcome);
  });
});

describe('checkLedger', () => {
  it('passes a history the store agrees with', () => {
    const history = [
      operation({ kind: 'create', status: 201, todoId: 'T1' }),
      operation({ kind: 'patch', status: 200, todoId: 'T1', title: 'ada/w0 round 1 patched' }),
      operation({ kind: 'create', status: 201, todoId: 'T2', title: 'ada/w0 round 2' }),
      operation({ kind: 'delete', status: 204, todoId: 'T2', title: 'ada/w0 round 2' }),
    ];
    expect(checkLedger(history, store({ T1: 'ada/w0 round 1 patched' })).violations).toEqual([]);
  });

  it('reports an acknowledged create that is gone, and an acknowledged delete that did not happen', () => {
    const history = [
      operation({ kind: 'create', status: 201, todoId: 'T1' }),
      operation({ kind: 'create', status: 201, todoId: 'T2', title: 'ada/w0 round 2' }),
      operation({ kind: 'delete', status: 204, todoId: 'T2', title: 'ada/w0 round 2' }),
    ];
    expect(checkLedger(history, store({ T2: 'ada/w0 round 2' })).violations).toEqual([
      'POST /todos "ada/w0 round 1" answered 201 (T1), but the todo is gone',
      'DELETE /todos/T2 answered 204, but the todo is still there',
    ]);
  });

  it('reports a create, a patch and a delete that answered 500 but were made', () => {
    const internal = { status: 500, detail: 'Something went wrong on our side.' } as const;
    const history = [
      operation({ kind: 'create', ...internal, title: 'ada/w0 round 1' }),
      operation({ kind: 'create', status: 201, todoId: 'T2', title: 'ada/w0 round 2' }),
      operation({ kind: 'patch', ...internal, todoId: 'T2', title: 'ada/w0 round 2 patched' }),
      operation({ kind: 'create', status: 201, todoId: 'T3', title: 'ada/w0 round 3' }),
      operation({ kind: 'delete', ...internal, todoId: 'T3', title: 'ada/w0 round 3' }),
    ];
    const stored = store({ T2: 'ada/w0 round 2 patched' }, ['ada/w0 round 1', 'ada/w0 round 2 patched']);
    expect(checkLedger(history, stored).violations).toEqual([
      'POST /todos "ada/w0 round 1" answered 500 (Something went wrong on our side.), but the todo was saved',
      'PATCH /todos/T2 answered 500 (Something went wrong on our side.), but its title was saved',
      'DELETE /todos/T3 answered 500 (Something went wrong on our side.), but the todo is gone',
    ]);
  });

  it('lets a write whose answer said it may have been made go either way, and counts which way it went', () => {
    const history = [
      unavailable({ kind: 'create', title: 'ada/w0 round 1' }),
      unavailable({ kind: 'create', title: 'ada/w0 round 2' }),
      operation({ kind: 'create', status: 201, todoId: 'T3', title: 'ada/w0 round 3' }),
      unavailable({ kind: 'patch', todoId: 'T3', title: 'ada/w0 round 3 patched' }),
    ];
    const check = checkLedger(history, store({ T3: 'ada/w0 round 3' }, ['ada/w0 round 1', 'ada/w0 round 3']));
    expect(check.violations).toEqual([]);
    expect(check.unknown).toEqual([
      { kind: 'create', made: true, why: 'answer' },
      { kind: 'create', made: false, why: 'answer' },
      { kind: 'patch', made: false, why: 'answer' },
    ]);
  });

  describe("DynamoDB Local's writes acknowledged at the kill", () => {
    const kill = { at: 10_000 };
    const patchAnswered = (endedAt: number, startedAt = endedAt - 20) =>
      operation({
        kind: 'patch',
        status: 200,
        todoId: 'T1',
        title: 'ada/w0 round 1 patched',
        startedAt,
        endedAt,
      });
    const created = operation({
      kind: 'create',
      status: 201,
      todoId: 'T1',
      startedAt: 9_000,
      endedAt: 9_010,
    });

    it('lets a write sent before the kill and answered within UNSYNCED_MS of it go either way', () => {
      const history = [created, patchAnswered(kill.at - UNSYNCED_MS)];
      const check = checkLedger(history, store({ T1: 'ada/w0 round 1' }), kill);
      expect(check.violations).toEqual([]);
      expect(check.unknown).toEqual([{ kind: 'patch', made: false, why: 'kill' }]);
    });

    it('still reports a write answered earlier than that, or sent after the kill, that is lost', () => {
      const earlier = checkLedger(
        [created, patchAnswered(kill.at - UNSYNCED_MS - 1)],
        store({ T1: 'ada/w0 round 1' }),
        kill,
      );
      expect(earlier.violations).toEqual([
        `PATCH /todos/T1 answered 200 ${-UNSYNCED_MS - 1} ms from the kill, but the title is "ada/w0 round 1"`,
      ]);
      const afterTheKill = checkLedger(
        [created, patchAnswered(kill.at + 50, kill.at)],
        store({ T1: 'ada/w0 round 1' }),
        kill,
      );
      expect(afterTheKill.violations).toEqual([
        'PATCH /todos/T1 answered 200 50 ms from the kill, but the title is "ada/w0 round 1"',
      ]);
    });

    it('lets a create acknowledged at the kill be lost, and counts it', () => {
      const atTheKill = { ...created, startedAt: kill.at - 30, endedAt: kill.at + 5 };
      const check = checkLedger([atTheKill], store({}), kill);
      expect(check.violations).toEqual([]);
      expect(check.unknown).toEqual([{ kind: 'create', made: false, why: 'kill' }]);
      expect(checkLedger([atTheKill], store({})).violations).toEqual([
        'POST /todos "ada/w0 round 1" answered 201 (T1), but the todo is gone',
      ]);
    });
  });
});
