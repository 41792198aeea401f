/**
 * GET /health checks DynamoDB and S3 as cheaply as a public route must: at most one probe of each
 * per interval and container, one probe in flight whatever the concurrency, each bounded in time;
 * a dependency that does not answer makes it a 503 problem with Retry-After, naming it. Through the
 * users function's handler, every answer checked against the contract; the real probes run against
 * the DynamoDB Local and the local S3 of the test run.
 */
import { describe, expect, it } from 'vitest';
import { operations as usersOperations } from '../../generated/validators/users';
import { createFunctionHandler } from '../../src/http/function-handler';
import { createDependencyCheck, type DependencyProbe } from '../../src/operations/dependency-check';
import { createGetHealth } from '../../src/operations/health';
import { probeBucket } from '../../src/storage/bucket-probe';
import { probeTable } from '../../src/store/table-probe';
import { contractVersion, invoke } from '../support/contract-response';
import { event } from '../support/events';

/** A probe that counts its calls and answers as `outcome` says at the time of the call. */
function countingProbe(name: string, outcome: () => 'answers' | 'fails' | 'hangs' = () => 'answers') {
  const state = { calls: 0 };
  const probe: DependencyProbe = {
    name,
    probe: (signal) => {
      state.calls++;
      const now = outcome();
      if (now === 'answers') return Promise.resolve();
      if (now === 'fails') return Promise.reject(new Error(`connect ECONNREFUSED (${name})`));
      return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    },
  };
  return { probe, state };
}

const healthHandler = (check: Parameters<typeof createGetHealth>[0]) =>
  createFunctionHandler(usersOperations, { getHealth: createGetHealth(check) });

describe('GET /health', () => {
  it('answers 200 with the version when the real probes reach DynamoDB Local and the local S3', async () => {
    // Prepare
    const check = createDependencyCheck({
      probes: [
        { name: 'DynamoDB', probe: probeTable },
        { name: 'S3', probe: probeBucket },
      ],
    });

    // Act
    const res = await invoke(healthHandler(check), event('GET /health', { sub: null }));

    // Assess
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok', version: contractVersion });
  });

  it.each([
    [
      ['DynamoDB'],
      'DynamoDB did not answer this function’s check: requests that need it fail until it answers again.',
    ],
    [['S3'], 'S3 did not answer this function’s check: requests that need it fail until it answers again.'],
    [
      ['DynamoDB', 'S3'],
      'DynamoDB and S3 did not answer this function’s check: requests that need them fail until they answer again.',
    ],
  ])('answers 503 problem+json with Retry-After when %j does not answer', async (failing, sentence) => {
    // Prepare
    const table = countingProbe('DynamoDB', () => (failing.includes('DynamoDB') ? 'fails' : 'answers'));
    const bucket = countingProbe('S3', () => (failing.includes('S3') ? 'fails' : 'answers'));
    const check = createDependencyCheck({ probes: [table.probe, bucket.probe] });

    // Act
    const res = await invoke(healthHandler(check), event('GET /health', { sub: null }));

    // Assess
    expect(res.status).toBe(503);
    expect(res.headers['content-type']).toBe('application/problem+json');
    expect(res.headers['retry-after']).toBe('5');
    expect(res.body).toEqual({
      type: 'https://swiftyplanner.dev/problems/service-unavailable',
      title: 'Service unavailable',
      status: 503,
      detail: `${sentence.replace('’', "'")} Retry after 5 seconds.`,
      instance: '/health',
      requestId: expect.any(String),
    });
  });
});

describe('createDependencyCheck', () => {
  it('probes each dependency once per interval, however many requests come, and again after it', async () => {
    // Prepare
    let now = 1_000_000;
    const table = countingProbe('DynamoDB');
    const check = createDependencyCheck({ probes: [table.probe], intervalMs: 5_000, now: () => now });

    // Act
    for (let i = 0; i < 50; i++) await check();
    now += 4_999;
    await check();
    const callsWithinInterval = table.state.calls;
    now += 1;
    await check();

    // Assess
    expect(callsWithinInterval).toBe(1);
    expect(table.state.calls).toBe(2);
  });

  it('shares one probe among concurrent requests', async () => {
    // Prepare
    const table = countingProbe('DynamoDB');
    const check = createDependencyCheck({ probes: [table.probe] });

    // Act
    const reports = await Promise.all(Array.from({ length: 100 }, () => check()));

    // Assess
    expect(table.state.calls).toBe(1);
    expect(new Set(reports).size).toBe(1);
  });

  it('reports a dependency that hangs as failing once its probe times out, and the others as they are', async () => {
    // Prepare
    const table = countingProbe('DynamoDB', () => 'hangs');
    const bucket = countingProbe('S3');
    const check = createDependencyCheck({ probes: [table.probe, bucket.probe], timeoutMs: 50 });

    // Act
    const report = await check();

    // Assess
    expect(report.failing).toEqual(['DynamoDB']);
    expect(report.causes).toEqual([expect.objectContaining({ name: 'TimeoutError' })]);
  });

  it('keeps a failure for the interval too, then sees the dependency back', async () => {
    // Prepare
    let now = 0;
    let down = true;
    const table = countingProbe('DynamoDB', () => (down ? 'fails' : 'answers'));
    const check = createDependencyCheck({ probes: [table.probe], intervalMs: 5_000, now: () => now });

    // Act
    const first = await check();
    down = false;
    now += 1_000;
    const cached = await check();
    now += 4_000;
    const fresh = await check();

    // Assess
    expect(first.failing).toEqual(['DynamoDB']);
    expect(cached.failing).toEqual(['DynamoDB']);
    expect(fresh.failing).toEqual([]);
    expect(table.state.calls).toBe(2);
  });
});
