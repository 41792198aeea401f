/**
 * `runBenchmarks(options)`: builds the functions, prepares the baselines and the environment, runs
 * the eight benchmarks in turn and returns their results with the budget verdicts.
 * bench/run.ts prints and saves them; bench/bench.e2e.test.ts runs it with tiny counts.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BudgetCheck, checkBudgets } from './budgets';
import { type BundleSizeResult, measureBundleSizes } from './bundle-size';
import { buildProjectFunctions, bundleFixture } from './bundles';
import { type ColdStartResult, measureColdStart } from './cold-start/cold-start';
import { compileProbe } from './cold-start/probe-process';
import { type CostResult, estimateCost } from './cost/cost';
import { startBenchEnvironment } from './environment';
import { type GatewayCostResult, measureGatewayCost } from './local-e2e/gateway-cost';
import { type E2eResult, measureLocalEndToEnd } from './local-e2e/local-e2e';
import { startDynamoDbStandIn } from './memory/dynamodb-stand-in';
import { type MemoryResult, measureMemory } from './memory/memory';
import type { BenchOptions } from './options';
import { measureScaling, type ScalingResult } from './scaling/scaling';
import { round } from './statistics';
import { baselineSubjects, functionSubject, type SubjectName } from './subjects';
import type { WarmResult } from './warm/warm-overhead';
import { measureWarmOverheadInBundle } from './warm/warm-process';

export interface BenchResults {
  generatedAt: string;
  machine: {
    node: string;
    platform: string;
    cpus: number;
    cpuModel: string;
    /** 1, 5 and 15 minute load averages: other work on the machine makes every figure noisier. */
    loadAverageAtStart: number[];
    /** The 1-minute load average read every 10 s while the benchmarks ran. */
    loadAverageDuring?: { mean: number; max: number; readings: number };
  };
  options: BenchOptions;
  coldStart: ColdStartResult;
  bundleSize: BundleSizeResult & { zipKb: Partial<Record<SubjectName, number>> };
  warm: WarmResult;
  memory: MemoryResult;
  gateway?: GatewayCostResult;
  endToEnd?: E2eResult;
  scaling: ScalingResult;
  cost: CostResult;
  budgets: BudgetCheck[];
}

export async function runBenchmarks(
  options: BenchOptions,
  progress: (line: string) => void,
): Promise<BenchResults> {
  const machine = {
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    loadAverageAtStart: loadAverage(),
  };
  const loadReadings: number[] = [];
  const loadSampler = setInterval(() => loadReadings.push(loadavg()[0] ?? 0), 10_000).unref();
  const workDir = await mkdtemp(join(tmpdir(), 'swiftyplanner-bench-'));
  const environment = await startBenchEnvironment({
    workDir,
    withStack: options.endToEnd !== false,
    ...(options.dynamodbEndpoint ? { dynamodbEndpoint: options.dynamodbEndpoint } : {}),
    progress,
  });
  try {
    progress(`build: bundling the functions as npm run build does (into ${options.buildDir ?? 'dist'})`);
    const built = await buildProjectFunctions(options.buildDir);
    const probe = await compileProbe(workDir);
    const baselines = baselineSubjects(
      await bundleFixture('bench/fixtures/empty-handler.ts', join(workDir, 'fixtures'), 'empty'),
      await bundleFixture(
        'bench/fixtures/dynamodb-todo-create.ts',
        join(workDir, 'fixtures'),
        'dynamodb-todo-create',
      ),
      await bundleFixture(
        'bench/fixtures/dynamodb-profile-create.ts',
        join(workDir, 'fixtures'),
        'dynamodb-profile-create',
      ),
    );
    const functions = built.map((fn) => functionSubject(fn.name, fn.bundle));
    const subjects = [...baselines, ...functions];

    progress('bundle size: minified and gzipped (zlib), with the heaviest packages');
    const sizes = await measureBundleSizes(
      subjects,
      options.analyzeBundles ? Object.fromEntries(built.map((fn) => [fn.name, fn.entry])) : {},
      progress,
    );
    const bundleSize = { ...sizes, zipKb: Object.fromEntries(built.map((fn) => [fn.name, fn.zipKb])) };

    progress(
      `cold start: ${options.coldStartRuns} rounds of a fresh node process per bundle, first request to DynamoDB Local`,
    );
    const coldStart = await measureColdStart(subjects, {
      probe,
      env: { ...environment.childEnv, DYNAMODB_ENDPOINT: environment.dynamodbEndpoint },
      runs: options.coldStartRuns,
      progress,
    });

    progress(`memory: RSS after the cold start and after ${options.memoryMilestones.join(' and ')} requests`);
    const standIn = await startDynamoDbStandIn();
    let memory: MemoryResult;
    try {
      memory = await measureMemory(subjects, {
        probe,
        env: { ...environment.childEnv, DYNAMODB_ENDPOINT: standIn.endpoint },
        runs: options.memoryRuns,
        milestones: options.memoryMilestones,
        progress,
      });
    } finally {
      await standIn.stop();
    }

    progress(
      `warm overhead: ${options.warmRequests} requests per variant in a bundled process, store in memory`,
    );
    const warm = await measureWarmOverheadInBundle({
      requests: options.warmRequests,
      runs: options.warmRuns,
      workDir,
      env: environment.childEnv,
      progress,
    });

    let gateway: GatewayCostResult | undefined;
    if (options.gateway !== false) {
      const { connections, seconds, runs } = options.gateway;
      progress(
        `gateway: autocannon through the local gateway to an echo function and to bare node:http, ${connections} connections, ${seconds} s per run, ${runs} runs per case`,
      );
      gateway = await measureGatewayCost({ workDir, connections, seconds, runs, progress });
    }

    let endToEnd: E2eResult | undefined;
    if (options.endToEnd !== false && environment.stack) {
      const { connections, seconds, runs } = options.endToEnd;
      progress(
        `end to end: autocannon, ${connections} connections, ${seconds} s per run, ${runs} runs per side`,
      );
      endToEnd = await measureLocalEndToEnd({
        stack: environment.stack,
        sub: environment.stackSub,
        connections,
        seconds,
        runs,
        progress,
      });
    }

    progress(
      `scaling: GET /todos with ${options.scaling.small} and ${options.scaling.large} todos; DELETE /users/me`,
    );
    const scaling = await measureScaling({ ...options.scaling, progress });

    progress('cost: per-operation durations and capacity units against DynamoDB Local');
    const cost = await estimateCost({ functionLogBytes: warm.logLineBytes, ...options.cost, progress });

    const results: Omit<BenchResults, 'budgets'> = {
      generatedAt: new Date().toISOString(),
      machine: { ...machine, ...loadDuring([...loadReadings, loadavg()[0] ?? 0]) },
      options,
      coldStart,
      bundleSize,
      warm,
      memory,
      ...(gateway ? { gateway } : {}),
      ...(endToEnd ? { endToEnd } : {}),
      scaling,
      cost,
    };
    return { ...results, budgets: checkBudgets(results) };
  } finally {
    clearInterval(loadSampler);
    await environment.stop();
    await rm(workDir, { recursive: true, force: true });
  }
}

function loadAverage(): number[] {
  return loadavg().map((load) => round(load, 2));
}

function loadDuring(readings: number[]): Pick<BenchResults['machine'], 'loadAverageDuring'> {
  const mean = readings.reduce((sum, load) => sum + load, 0) / readings.length;
  return {
    loadAverageDuring: {
      mean: round(mean, 2),
      max: round(Math.max(...readings), 2),
      readings: readings.length,
    },
  };
}
