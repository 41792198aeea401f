/**
 * Benchmark 5, local end to end: autocannon against the local stack (HTTP API emulator → todos
 * function → DynamoDB Local) for a read (GET /todos/{todoId}) and a write (POST /todos), against the
 * same DynamoDB calls made straight through the store (same client, same items, same conditions) to
 * the same DynamoDB Local at the same concurrency. Runs alternate the two sides, so both meet the same
 * machine.
 */
import autocannon, { type Result as AutocannonResult } from 'autocannon';
import { newTodo } from '../requests';
import { percentile, ratio, round, type Sample, sampleOf } from '../statistics';
import type { StackChild } from './stack-child';

export interface LoadFigures {
  /** Successful requests per second. */
  throughput: Sample;
  p50Ms: Sample;
  p99Ms: Sample;
  /** Non-2xx answers and errors over all runs (should be 0). */
  failures: number;
}

export interface E2eOperation {
  stack: LoadFigures;
  direct: LoadFigures;
  /** Median stack throughput / median direct throughput: the budget holds it ≥ 0.7. */
  throughputRatio: number;
  directCalls: string;
}

export interface E2eResult {
  connections: number;
  seconds: number;
  runs: number;
  operations: Record<string, E2eOperation>;
}

export interface E2eOptions {
  stack: StackChild;
  sub: string;
  connections: number;
  seconds: number;
  runs: number;
  progress(line: string): void;
}

interface RunFigures {
  throughput: number;
  p50: number;
  p99: number;
  failures: number;
}

export async function measureLocalEndToEnd(options: E2eOptions): Promise<E2eResult> {
  const { stack, sub, connections, seconds } = options;
  const { findTodo, putNewTodo, newTodoId } = await import('../../src/store/todos');
  const { todoFromCreate } = await import('../../src/operations/todos/todo-changes');
  const authorization = `Bearer ${stack.token}`;
  const created = await fetch(`${stack.url}/todos`, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/json' },
    body: JSON.stringify(newTodo),
  });
  if (created.status !== 201) throw new Error(`POST /todos on the local stack answered ${created.status}`);
  const todoId = ((await created.json()) as { id: string }).id;

  const cases: {
    routeKey: string;
    http: { url: string; method: string; headers: Record<string, string>; body?: string };
    direct: () => Promise<void>;
    directCalls: string;
  }[] = [
    {
      routeKey: 'GET /todos/{todoId}',
      http: { url: `${stack.url}/todos/${todoId}`, method: 'GET', headers: { authorization } },
      direct: async () => {
        if (!(await findTodo(sub, todoId))) throw new Error('the todo is missing');
      },
      directCalls: 'GetItem (consistent), as src/store/todos-read.ts',
    },
    {
      routeKey: 'POST /todos',
      http: {
        url: `${stack.url}/todos`,
        method: 'POST',
        headers: { authorization, 'content-type': 'application/json' },
        body: JSON.stringify(newTodo),
      },
      direct: async () => {
        await putNewTodo(sub, todoFromCreate(newTodoId(), newTodo, new Date()));
      },
      directCalls: 'TransactWriteItems (Put todo, attribute_not_exists), as src/store/todos-create.ts',
    },
  ];

  const result: E2eResult = { connections, seconds, runs: options.runs, operations: {} };
  for (const { routeKey, http, direct, directCalls } of cases) {
    // A short warm-up of both sides: JIT, sockets, DynamoDB Local's own warm-up.
    await autocannon({ ...http, connections, duration: Math.min(1, seconds) });
    await closedLoop(direct, connections, Math.min(1, seconds));
    const stackRuns: RunFigures[] = [];
    const directRuns: RunFigures[] = [];
    for (let run = 0; run < options.runs; run++) {
      const sides = run % 2 === 0 ? (['stack', 'direct'] as const) : (['direct', 'stack'] as const);
      for (const side of sides) {
        const figures =
          side === 'stack'
            ? fromAutocannon(await autocannon({ ...http, connections, duration: seconds }))
            : await closedLoop(direct, connections, seconds);
        (side === 'stack' ? stackRuns : directRuns).push(figures);
        options.progress(
          `end to end ${run + 1}/${options.runs} ${routeKey} ${side === 'stack' ? 'local stack (autocannon)' : 'SDK to DynamoDB Local'}: ` +
            `${figures.throughput.toFixed(0)} req/s, p50 ${figures.p50.toFixed(1)} ms, p99 ${figures.p99.toFixed(1)} ms` +
            (figures.failures > 0 ? `, ${figures.failures} failed` : ''),
        );
      }
    }
    const stackFigures = figuresOf(stackRuns);
    const directFigures = figuresOf(directRuns);
    result.operations[routeKey] = {
      stack: stackFigures,
      direct: directFigures,
      throughputRatio: ratio(stackFigures.throughput.median, directFigures.throughput.median),
      directCalls,
    };
  }
  return result;
}

function fromAutocannon(result: AutocannonResult): RunFigures {
  const ok = Object.entries(result.statusCodeStats)
    .filter(([status]) => status.startsWith('2'))
    .reduce((sum, [, { count }]) => sum + Number(count), 0);
  return {
    throughput: ok / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: result.non2xx + result.errors,
  };
}

/** `connections` workers, each sending its next request when the last one answered, for `seconds`. */
async function closedLoop(
  operation: () => Promise<void>,
  connections: number,
  seconds: number,
): Promise<RunFigures> {
  const latencies: number[] = [];
  let failures = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < deadline) {
        const sent = performance.now();
        try {
          await operation();
          latencies.push(performance.now() - sent);
        } catch {
          failures++;
        }
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return {
    throughput: latencies.length / elapsed,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    failures,
  };
}

function figuresOf(runs: RunFigures[]): LoadFigures {
  return {
    throughput: sampleOf(runs.map((r) => round(r.throughput, 1))),
    p50Ms: sampleOf(runs.map((r) => r.p50)),
    p99Ms: sampleOf(runs.map((r) => r.p99)),
    failures: runs.reduce((sum, r) => sum + r.failures, 0),
  };
}
