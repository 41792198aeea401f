/**
 * A smoke run of the whole harness with tiny counts, so `npm run bench` cannot rot: it builds the
 * functions, starts processes, counts requests and prices them. It asserts the shape and sanity of
 * the results, never timing budgets (those flake on shared machines and belong to `npm run bench`).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BenchResults, runBenchmarks } from './benchmarks';
import { smokeRun } from './options';
import {
  END_MARKER,
  MarkersMissingError,
  performanceSection,
  replaceBetweenMarkers,
  START_MARKER,
} from './readme';
import { renderConsole, tablesOf } from './report';

describe('npm run bench (smoke run)', () => {
  let results: BenchResults;
  let buildDir: string;
  const progress: string[] = [];

  beforeAll(async () => {
    // Prepare
    buildDir = await mkdtemp(join(tmpdir(), 'bench-smoke-build-'));
    // Act
    results = await runBenchmarks(
      { ...smokeRun, buildDir, dynamodbEndpoint: process.env.DYNAMODB_ENDPOINT },
      (line) => progress.push(line),
    );
  }, 180_000);

  afterAll(async () => {
    await rm(buildDir, { recursive: true, force: true });
  });

  it('says what it measures as it goes', () => {
    for (const topic of [
      'build',
      'bundle size',
      'cold start',
      'memory',
      'warm',
      'gateway',
      'scaling',
      'cost',
    ]) {
      expect(progress.some((line) => line.startsWith(topic))).toBe(true);
    }
  });

  it('starts every bundle cold and measures it from process start', () => {
    for (const name of ['empty', 'dynamodbTodo', 'dynamodbProfile', 'todos', 'users'] as const) {
      const times = results.coldStart.subjects[name];
      expect(times?.totalMs.runs).toHaveLength(1);
      // From process start, so the total includes Node's bootstrap and the import.
      expect(times?.totalMs.median).toBeGreaterThan(times?.importMs.median ?? Number.POSITIVE_INFINITY);
      expect(times?.bootstrapMs.median).toBeGreaterThan(0);
    }
    expect(results.coldStart.functions.todos?.routeKey).toBe('POST /todos');
    expect(results.coldStart.functions.users?.routeKey).toBe('POST /users');
    expect(results.coldStart.functions.todos?.baseline).toBe('dynamodbTodo');
    expect(results.coldStart.functions.users?.baseline).toBe('dynamodbProfile');
    expect(Number.isFinite(results.coldStart.functions.users?.overBaselineMs.median)).toBe(true);
  });

  it('sizes the built bundles, the SDK included', () => {
    for (const name of ['todos', 'users'] as const) {
      const size = results.bundleSize[name];
      // The document client alone weighs more than the empty handler; a function at least as much.
      expect(size?.gzipKb).toBeGreaterThanOrEqual(
        results.bundleSize.dynamodbTodo?.gzipKb ?? Number.POSITIVE_INFINITY,
      );
      expect(size?.minifiedKb).toBeGreaterThan(size?.gzipKb ?? 0);
      expect(results.bundleSize.zipKb[name]).toBeGreaterThan(0);
    }
    expect(results.bundleSize.empty?.gzipKb).toBeLessThan(1);
  });

  it('times the warm handler against the hand-written one, request log included', () => {
    for (const routeKey of ['POST /todos', 'GET /todos/{todoId}']) {
      const operation = results.warm.operations[routeKey];
      expect(operation?.handlerUs.median).toBeGreaterThan(0);
      expect(operation?.handWrittenUs.median).toBeGreaterThan(0);
    }
    // A todo without tags or Idempotency-Key is one transaction: the todo and the caller's usage.
    expect(results.warm.storeCalls['POST /todos']).toEqual({ TransactWriteCommand: smokeRun.warmRequests });
    expect(results.warm.storeCalls['GET /todos/{todoId}']).toEqual({ GetCommand: smokeRun.warmRequests });
    // One JSON line per request, with route, status and duration: more than a few bytes.
    expect(results.warm.logLineBytes).toBeGreaterThan(100);
  });

  it('reads memory at every milestone and relates each function to its baseline (b)', () => {
    for (const name of ['empty', 'dynamodbTodo', 'dynamodbProfile', 'todos', 'users'] as const) {
      const memory = results.memory.subjects[name];
      for (const point of ['coldStart', '10', '40']) expect(memory?.rssMb[point]?.median).toBeGreaterThan(10);
      expect(memory?.warmStatuses).toEqual({ [name === 'empty' ? '200' : '201']: 40 });
    }
    // The SDK loaded makes every function heavier than the empty handler; against (b), which loads it
    // too, the ratio is what the budget reads (a positive, finite number here; its size is no test's).
    expect(results.memory.ratios.todos?.toEmpty.coldStart).toBeGreaterThan(1);
    for (const name of ['todos', 'users'] as const) {
      expect(Number.isFinite(results.memory.ratios[name]?.toBaseline['10'])).toBe(true);
    }
    const rssBudget = results.budgets.find((check) => check.id === 'memory.users.rssToBaseline');
    expect(rssBudget?.description).toBe('users: RSS after 10 requests ÷ baseline (b)');
    // The budget shows the ratio rounded to two decimals: 1.115 shows as 1.12, half a hundredth off
    // (toBeCloseTo(…, 2) wants less than that).
    const shownOff = Math.abs(
      (rssBudget?.actual ?? Number.NaN) - (results.memory.ratios.users?.toBaseline['10'] ?? Number.NaN),
    );
    expect(shownOff).toBeLessThanOrEqual(0.005 + Number.EPSILON * 4);
  });

  it('drives the local gateway to an echo function with a real token, and a bare server alike', () => {
    const gateway = results.gateway;
    // The echo saw the route, the path parameter and the sub the authorizer took from the token.
    expect(gateway?.echo.routeKey).toBe('GET /todos/{todoId}');
    expect(gateway?.echo.sub).toMatch(/^gateway-/);
    expect(gateway?.echo.pathParameters.todoId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(Object.keys(gateway?.routes ?? {})).toEqual(['GET /todos/{todoId}', 'POST /todos']);
    for (const route of Object.values(gateway?.routes ?? {})) {
      for (const side of [route.gateway, route.bareHttp]) {
        expect(side.failures).toBe(0);
        expect(side.throughput.median).toBeGreaterThan(0);
        expect(side.cpuMsPerRequest?.median).toBeGreaterThan(0);
      }
    }
  });

  it('scales a page and counts the requests of an erase', () => {
    const { list, purge } = results.scaling;
    expect(list.ratio).toBeGreaterThan(0);
    // 30 todos + 5 attachment records + 1 counter → ⌈36/25⌉.
    expect(purge.minimumBatchWrites).toBe(2);
    expect(purge.batchWrites).toBeGreaterThanOrEqual(purge.minimumBatchWrites);
    expect(purge.itemsLeft).toBe(0);
  });

  it('prices every operation from its measured duration and capacity', () => {
    expect(results.cost.operations.map((o) => o.routeKey)).toContain('POST /todos');
    for (const operation of results.cost.operations) {
      expect(operation.billedMs).toBeGreaterThanOrEqual(1);
      expect(operation.memoryMb).toBe(512);
      expect(operation.readUnitsPerRequest + operation.writeUnitsPerRequest).toBeGreaterThan(0);
      expect(operation.usdPerMillion.total).toBeGreaterThan(operation.usdPerMillion.httpApi);
    }
  });

  it('prices a todo create as the store writes it: one transaction, the usage item stored beforehand', () => {
    const create = results.cost.operations.find((o) => o.routeKey === 'POST /todos');
    // The todo, its GSI1 entry and the usage item, 2 units each in a transaction; no partition counted.
    expect({ read: create?.readUnitsPerRequest, write: create?.writeUnitsPerRequest }).toEqual({
      read: 0,
      write: 6,
    });
  });

  it('checks every budget and renders the tables', () => {
    expect(results.budgets.map((check) => check.id)).toEqual(
      expect.arrayContaining([
        'coldStart.todos',
        'bundleSize.users',
        'warm.POST /todos',
        'memory.todos.rssToBaseline',
        'memory.users.heapGrowth',
        'gateway.GET /todos/{todoId}',
        'gateway.POST /todos',
        'scaling.list',
      ]),
    );
    // Memory is read against (b) only; the end to end is reported without a budget.
    expect(
      results.budgets.filter((check) => check.id.startsWith('memory.')).map((check) => check.id),
    ).toEqual([
      'memory.todos.rssToBaseline',
      'memory.todos.heapGrowth',
      'memory.users.rssToBaseline',
      'memory.users.heapGrowth',
    ]);
    for (const check of results.budgets) expect(typeof check.holds).toBe('boolean');
    const text = renderConsole(tablesOf(results));
    expect(text).toContain('1. Cold start');
    expect(text).toContain('5. Local gateway');
    expect(text).toContain('8. Cost per million requests');
  });

  it('replaces only what lies between the README markers', () => {
    const readme = `# Title\n\n## Performance\n${START_MARKER}\nold\n${END_MARKER}\n\n## After\n`;
    const updated = replaceBetweenMarkers(readme, performanceSection(results));
    expect(updated.startsWith(`# Title\n\n## Performance\n${START_MARKER}\n`)).toBe(true);
    expect(updated.endsWith(`${END_MARKER}\n\n## After\n`)).toBe(true);
    expect(updated).not.toContain('\nold\n');
    expect(updated).toContain('| todos |');
    expect(() => replaceBetweenMarkers('# No markers\n', 'x')).toThrow(MarkersMissingError);
  });
});
