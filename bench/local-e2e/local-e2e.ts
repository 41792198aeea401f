/**
 * Benchmark 5, local end to end: autocannon against the local stack (HTTP API emulator → todos
 * function → DynamoDB Local) for a read (GET /todos/{todoId}) and a write (POST /todos), against the
 * same DynamoDB calls made straight through the store (same client, same items, same conditions) to
 * the same DynamoDB Local at the same concurrency. Runs alternate the two sides, so both meet the same
 * machine.
 */
import autocannon from 'autocannon';
import { newTodo } from '../requests';
import { median, percentile, ratio, round, type Sample, sampleOf } from '../statistics';
import { fromAutocannon, type RunFigures } from './load-run';
import { type CpuSnapshot, cpuSnapshot } from './process-cpu';
import type { StackChild } from './stack-child';

/** Per operation and side, before the measured runs. */
const WARM_UP_SECONDS = 10;

export interface LoadFigures {
  /** Successful requests per second. */
  throughput: Sample;
  p50Ms: Sample;
  p99Ms: Sample;
  /** Non-2xx answers and errors over all runs (should be 0). */
  failures: number;
  /**
   * CPU milliseconds per request (median over runs) spent by the local stack's process, DynamoDB
   * Local and the load generator (autocannon, or the SDK client); Linux only.
   */
  cpuMsPerRequest: { stack?: number; dynamodb?: number; client: number };
}

export interface E2eOperation {
  stack: LoadFigures;
  direct: LoadFigures;
  /** Median stack throughput / median direct throughput (reported, no budget: see bench/README.md). */
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

export async function measureLocalEndToEnd(options: E2eOptions): Promise<E2eResult> {
  const { stack, sub, connections, seconds } = options;
  const { findTodo, putNewTodo, newTodoId } = await import('../../src/store/todos');
  const { todoFromCreate } = await import('../../src/operations/todos/todo-changes');
  const { purgePartitionStep } = await import('../../src/store/purge-user');
  // Both sides of POST /todos create for the one user the stack's token names, more todos in a few runs
  // than the per-account quota allows (10,000): each side starts from an empty account, or it would
  // measure 409 todo-limit answers. Emptied as an erasure empties it, outside the measured time.
  const emptyTheAccount = async () => {
    while (!(await purgePartitionStep(sub)).done) {}
  };
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
    /** Run before each warm-up and measured run. */
    before?: () => Promise<void>;
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
      directCalls: 'TransactWriteItems (todo + usage item), as src/store/todos-create.ts',
      before: emptyTheAccount,
    },
  ];

  const result: E2eResult = { connections, seconds, runs: options.runs, operations: {} };
  for (const { routeKey, http, direct, directCalls, before = async () => {} } of cases) {
    // Warm both sides up first: the JITs of Node and of DynamoDB Local's JVM take a few thousand
    // requests to settle (with 5 s, the first measured run still served half of what the later ones did).
    const warmUp = Math.min(WARM_UP_SECONDS, seconds);
    await before();
    await autocannon({ ...http, connections, duration: warmUp });
    await before();
    await closedLoop(direct, connections, warmUp);
    const stackRuns: RunFigures[] = [];
    const directRuns: RunFigures[] = [];
    for (let run = 0; run < options.runs; run++) {
      const sides = run % 2 === 0 ? (['stack', 'direct'] as const) : (['direct', 'stack'] as const);
      for (const side of sides) {
        await before();
        const cpuBefore = cpuSnapshot(stack.pid, stack.dynamodbPid);
        const figures =
          side === 'stack'
            ? fromAutocannon(await autocannon({ ...http, connections, duration: seconds }))
            : await closedLoop(direct, connections, seconds);
        figures.cpu = perRequest(
          cpuBefore,
          cpuSnapshot(stack.pid, stack.dynamodbPid),
          figures.throughput * seconds,
        );
        (side === 'stack' ? stackRuns : directRuns).push(figures);
        options.progress(
          `end to end ${run + 1}/${options.runs} ${routeKey} ${side === 'stack' ? 'local stack (autocannon)' : 'SDK to DynamoDB Local'}: ` +
            `${figures.throughput.toFixed(0)} req/s, p50 ${figures.p50.toFixed(1)} ms, p99 ${figures.p99.toFixed(1)} ms` +
            cpuLine(figures.cpu) +
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

function cpuLine(cpu: CpuSnapshot | undefined): string {
  if (!cpu) return '';
  const parts = [
    cpu.stack === undefined ? '' : `stack ${cpu.stack.toFixed(2)}`,
    cpu.dynamodb === undefined ? '' : `DynamoDB Local ${cpu.dynamodb.toFixed(2)}`,
    `load generator ${cpu.client.toFixed(2)}`,
  ].filter(Boolean);
  return `; CPU ms per request: ${parts.join(', ')}`;
}

/** CPU milliseconds per request between two snapshots. */
function perRequest(before: CpuSnapshot, after: CpuSnapshot, requests: number): CpuSnapshot {
  const per = (a: number | undefined, b: number | undefined) =>
    a === undefined || b === undefined || requests === 0 ? undefined : (b - a) / requests;
  const stack = per(before.stack, after.stack);
  const dynamodb = per(before.dynamodb, after.dynamodb);
  return {
    ...(stack === undefined ? {} : { stack }),
    ...(dynamodb === undefined ? {} : { dynamodb }),
    client: per(before.client, after.client) ?? 0,
  };
}

function figuresOf(runs: RunFigures[]): LoadFigures {
  const cpu = (field: keyof CpuSnapshot) => {
    const values = runs.map((r) => r.cpu?.[field]).filter((v): v is number => v !== undefined);
    return values.length > 0 ? round(median(values), 3) : undefined;
  };
  const stack = cpu('stack');
  const dynamodb = cpu('dynamodb');
  return {
    throughput: sampleOf(runs.map((r) => round(r.throughput, 1))),
    p50Ms: sampleOf(runs.map((r) => r.p50)),
    p99Ms: sampleOf(runs.map((r) => r.p99)),
    failures: runs.reduce((sum, r) => sum + r.failures, 0),
    cpuMsPerRequest: {
      ...(stack === undefined ? {} : { stack }),
      ...(dynamodb === undefined ? {} : { dynamodb }),
      client: cpu('client') ?? 0,
    },
  };
}
