/**
 * DynamoDB Local stalled, then killed, under concurrent load against the local stack. Several users
 * create, read, patch and delete todos through the real gateway with real tokens
 * (./support/todo-load.ts) while the test stops java for 10 s (`kill -STOP`, then `-CONT`), and then
 * kills it (`kill -KILL`), which the stack's supervisor heals. Afterwards:
 *
 * - every request got an answer within the functions' Timeout (the time budget of each request is
 *   the Lambda's remaining time less a second, src/http/request-budget.ts), and none was the
 *   gateway's own timeout;
 * - every 5xx was an honest 503 problem with Retry-After;
 * - the store holds exactly what the answers say (./support/todo-ledger.ts): no acknowledged write
 *   is lost, and no write that answered 5xx was made, unless its answer said it may have been (a
 *   503 `service-unavailable` whose detail says "may or may not have been made"). The one
 *   exception is DynamoDB Local's own: a write it acknowledged in the moment before the SIGKILL may
 *   be lost (the ledger's UNSYNCED_MS), as it is on DynamoDB Local alone;
 * - the stack recovered: /health answers 200, and writes succeed.
 *
 * Each fault shows it fired: java's state in /proc is `T (stopped)` for the stall, requests were
 * held by it, the killed pid is gone, a new java runs, and requests met the outage.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localParameters, localValuesOf } from '../../local/stack/local-parameters';
import { type LocalStack, startLocalStack } from '../../local/stack/local-stack';
import { readTemplate, templateFunctionsOf } from '../../local/stack/local-template';
import { TEMPLATE_PATH } from '../../paths';
import { isRunning, processState, signal, waitFor } from './support/processes';
import { checkLedger, outcomeOf, type Stored } from './support/todo-ledger';
import { type Caller, type Operation, startTodoLoad } from './support/todo-load';

const USERS = 3;
const WORKERS_PER_USER = 2;
const STALL_MS = 10_000;

let dataDir: string;
let stack: LocalStack;
let functionTimeoutMs: number;
const messages: string[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'swiftyplanner-faults-'));
  stack = await startLocalStack({ dataDir, log: () => {}, onDependencyMessage: (m) => messages.push(m) });
  const functions = templateFunctionsOf(await readTemplate(TEMPLATE_PATH), localValuesOf(localParameters()));
  functionTimeoutMs = Math.min(...functions.map(({ settings }) => settings.timeoutSeconds * 1000));
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await rm(dataDir, { recursive: true, force: true });
}, 60_000);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function get(caller: Caller, path: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${stack.url}${path}`, {
    headers: { authorization: `Bearer ${caller.token}` },
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** The store as the API reads it back: each acknowledged todo, and every title of each caller. */
async function readBack(callers: Caller[], operations: Operation[]): Promise<Stored> {
  const todos = new Map<string, { title: string } | undefined>();
  const titles = new Map<string, Set<string>>();
  for (const caller of callers) {
    const seen = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = await get(
        caller,
        `/todos?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(page.status).toBe(200);
      for (const item of page.body.items as { title: string }[]) seen.add(item.title);
      cursor = page.body.nextCursor as string | undefined;
    } while (cursor);
    titles.set(caller.sub, seen);
  }
  for (const create of operations.filter((operation) => operation.kind === 'create' && operation.todoId)) {
    const caller = callers.find(({ sub }) => sub === create.sub) as Caller;
    const read = await get(caller, `/todos/${create.todoId}`);
    expect([200, 404]).toContain(read.status);
    todos.set(create.todoId as string, read.status === 200 ? { title: String(read.body.title) } : undefined);
  }
  return { todo: (id) => todos.get(id), titles: (sub) => titles.get(sub) ?? new Set() };
}

const describeOperation = (operation: Operation) =>
  `${operation.kind} ${operation.todoId ?? operation.title}: ${operation.status} after ${operation.endedAt - operation.startedAt} ms` +
  `${operation.detail ? ` (${operation.detail.slice(0, 100)})` : ''}`;

describe('DynamoDB Local stalled and then killed under load', () => {
  it('answers every request in time, keeps every acknowledged write, makes no unacknowledged one, and recovers', async ({
    annotate,
  }) => {
    // Prepare: the load runs for a while before the first fault
    const callers = await Promise.all(
      Array.from({ length: USERS }, async (_, index) => {
        const sub = `fault-${index}-${Math.random().toString(36).slice(2, 8)}`;
        return { sub, token: await stack.issueToken(sub) };
      }),
    );
    const load = startTodoLoad({ url: stack.url, callers, workersPerCaller: WORKERS_PER_USER });
    const startedAt = Date.now();
    await waitFor(
      () => load.everyWorkerWrote('patch', startedAt),
      'every worker to create and patch a todo',
      120_000,
    );

    // Faults and load are undone whatever fails: java runs again, the workers stop.
    const java = stack.dynamodbPid;
    let operations: Operation[] = [];
    let stateBeforeResume = '';
    let resumedAt = 0;
    let killedAt = 0;
    let recoveredAt = 0;
    let restarted: number | undefined;
    try {
      // Act 1: stall java for 10 s
      signal(java, 'SIGSTOP');
      await waitFor(() => processState(java).startsWith('T'), 'java to be stopped', 5_000);
      await sleep(STALL_MS);
      stateBeforeResume = processState(java);
      signal(java, 'SIGCONT');
      resumedAt = Date.now();
      await waitFor(() => !processState(java).startsWith('T'), 'java to run again', 5_000);
      await waitFor(
        () => load.everyWorkerWrote('create', resumedAt),
        'a create of every worker after the stall',
        120_000,
      );

      // Act 2: kill it, and wait for the supervisor's restart and /health
      signal(java, 'SIGKILL');
      killedAt = Date.now();
      await waitFor(() => !isRunning(java), 'the killed java to be gone', 10_000);
      restarted = await waitFor(
        () => stack.dynamodbPid !== java && isRunning(stack.dynamodbPid) && stack.dynamodbPid,
        'a new java',
        120_000,
      );
      await waitFor(
        async () => (await fetch(`${stack.url}/health`)).status === 200,
        'GET /health to answer 200',
        60_000,
      );
      recoveredAt = Date.now();
      // the stack recovered: every worker's writes succeed again
      await waitFor(
        () => load.everyWorkerWrote('patch', recoveredAt),
        'a create and a patch of every worker after the restart',
        120_000,
      );
    } finally {
      if (processState(java).startsWith('T')) signal(java, 'SIGCONT');
      operations = await load.stop();
    }

    // Assess: the faults fired and met requests
    expect(stateBeforeResume).toMatch(/^T/);
    // in flight when java was stopped, or sent while it was, and answered only after it ran again
    const heldByTheStall = operations.filter(
      (operation) => operation.startedAt < resumedAt && operation.endedAt >= resumedAt,
    );
    expect(heldByTheStall.length).toBeGreaterThan(0);
    expect(restarted).not.toBe(java);
    expect(messages).toContain(`DynamoDB Local (pid ${java}) was killed by SIGKILL.`);
    const metTheOutage = operations.filter(
      (operation) =>
        operation.startedAt >= killedAt &&
        operation.endedAt <= recoveredAt &&
        typeof operation.status === 'number' &&
        operation.status >= 500,
    );
    expect(metTheOutage.length).toBeGreaterThan(0);

    // the store holds what the answers say; read before the checks so that the annotation reports a
    // failing run as well
    const kill = { at: killedAt };
    const { violations, unknown } = checkLedger(operations, await readBack(callers, operations), kill);
    const count = (outcome: string) =>
      operations.filter((operation) => outcomeOf(operation, kill) === outcome).length;
    const atTheKill = operations
      .filter((operation) => outcomeOf(operation, kill) === 'at-the-kill')
      .map((operation) => `${operation.kind} ${operation.endedAt - killedAt} ms`);
    const tally = new Map<string, number>();
    for (const { kind, made, why } of unknown) {
      const key = `${kind} ${made ? 'made' : 'not made'} (${why === 'kill' ? 'at the kill' : 'said so'})`;
      tally.set(key, (tally.get(key) ?? 0) + 1);
    }
    await annotate(
      `${operations.length} requests (${count('done')} done, ${count('unknown')} outcome unknown, ` +
        `${count('at-the-kill')} acknowledged at the kill (${atTheKill.join(', ') || 'none'} from it), ` +
        `${count('not-done')} not done); ` +
        `${heldByTheStall.length} held by the stall, ${metTheOutage.length} answered 5xx during the restart; ` +
        `writes that may go either way: ${[...tally].map(([key, n]) => `${n} ${key}`).join(', ') || 'none'}`,
    );

    // every request answered within the time budget, and every 5xx an honest 503 problem (soft, so that
    // a failing run reports all three checks)
    const late = operations.filter(
      (operation) =>
        operation.status === 'hung' || operation.endedAt - operation.startedAt >= functionTimeoutMs,
    );
    expect.soft(late.map(describeOperation)).toEqual([]);
    const dishonest = operations.filter(
      (operation) =>
        typeof operation.status === 'number' &&
        operation.status >= 500 &&
        !(
          operation.status === 503 &&
          operation.contentType === 'application/problem+json' &&
          /^\d+$/.test(operation.retryAfter ?? '')
        ),
    );
    expect.soft(dishonest.map(describeOperation)).toEqual([]);
    expect.soft(violations).toEqual([]);
  }, 300_000);
});
