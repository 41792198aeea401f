/**
 * Benchmark 7, cost: each operation of ./operation-samples.ts runs through its function's handler
 * against DynamoDB Local; its median duration (billed in whole milliseconds), the template's
 * MemorySize, the capacity DynamoDB reported and the log bytes per request, priced with ../prices.ts,
 * give the cost per million requests. Durations against DynamoDB Local on a shared machine are longer
 * than against DynamoDB in a region, so the Lambda duration share is on the high side.
 */
import { estimatedLambdaPlatformLogBytes, prices } from '../prices';
import { countRequests } from '../sdk-requests';
import { median, round, type Sample, sampleOf } from '../statistics';
import type { FunctionName } from '../subjects';
import { type Handler, operationSamples } from './operation-samples';
import { templateFacts } from './template-facts';

export interface OperationCost {
  routeKey: string;
  functionName: FunctionName;
  /** Handler duration per request against DynamoDB Local: median of each run. */
  durationMs: Sample;
  billedMs: number;
  memoryMb: number;
  readUnitsPerRequest: number;
  writeUnitsPerRequest: number;
  /** USD per million requests. */
  usdPerMillion: {
    httpApi: number;
    lambdaRequests: number;
    lambdaDuration: number;
    dynamodbReads: number;
    dynamodbWrites: number;
    logs: number;
    total: number;
  };
}

export interface CostResult {
  prices: typeof prices;
  logBytesPerRequest: { function: number; lambdaPlatform: number; accessLog: number };
  requestsPerRun: number;
  runs: number;
  operations: OperationCost[];
}

export interface CostOptions {
  /** Request log line size measured by the warm benchmark (bytes). */
  functionLogBytes: number;
  requests: number;
  runs: number;
  progress(line: string): void;
}

const GB = 1024 ** 3;

export async function estimateCost(options: CostOptions): Promise<CostResult> {
  const handlers: Record<FunctionName, Handler> = {
    todos: ((await import('../../src/functions/todos')) as { handler: Handler }).handler,
    users: ((await import('../../src/functions/users')) as { handler: Handler }).handler,
  };
  const { documentClient } = await import('../../src/store/client');
  const facts = templateFacts();
  const logBytes = {
    function: options.functionLogBytes,
    lambdaPlatform: estimatedLambdaPlatformLogBytes,
    accessLog: facts.accessLogBytes,
  };
  const result: CostResult = {
    prices,
    logBytesPerRequest: logBytes,
    requestsPerRun: options.requests,
    runs: options.runs,
    operations: [],
  };

  for (const sample of operationSamples) {
    const handler = handlers[sample.functionName];
    const durations: number[] = [];
    let readUnits = 0;
    let writeUnits = 0;
    let requests = 0;
    for (let run = 0; run < options.runs; run++) {
      const events = await sample.prepare(options.requests, handlers);
      // Counted from here: the seeding above is not the operation's cost.
      const counter = countRequests(documentClient);
      const runDurations: number[] = [];
      try {
        for (const event of events) {
          const started = performance.now();
          const response = await handler(event);
          runDurations.push(performance.now() - started);
          if (response.statusCode !== sample.status) {
            throw new Error(
              `${sample.routeKey} answered ${response.statusCode}, expected ${sample.status}: ${response.body}`,
            );
          }
        }
      } finally {
        counter.detach();
      }
      readUnits += counter.readUnits;
      writeUnits += counter.writeUnits;
      requests += events.length;
      durations.push(median(runDurations));
    }
    const memoryMb = facts.memoryMb[sample.functionName] ?? 128;
    const billedMs = Math.ceil(median(durations));
    const perMillion = {
      httpApi: prices.httpApi.perMillionRequests,
      lambdaRequests: prices.lambdaArm64.perMillionRequests,
      lambdaDuration: (billedMs / 1000) * (memoryMb / 1024) * prices.lambdaArm64.perGbSecond * 1e6,
      dynamodbReads: (readUnits / requests) * prices.dynamodbOnDemand.perMillionReadRequestUnits,
      dynamodbWrites: (writeUnits / requests) * prices.dynamodbOnDemand.perMillionWriteRequestUnits,
      logs:
        ((logBytes.function + logBytes.lambdaPlatform + logBytes.accessLog) *
          1e6 *
          prices.cloudwatchLogs.perGbIngested) /
        GB,
    };
    const total = Object.values(perMillion).reduce((sum, value) => sum + value, 0);
    const cost: OperationCost = {
      routeKey: sample.routeKey,
      functionName: sample.functionName,
      durationMs: sampleOf(durations),
      billedMs,
      memoryMb,
      readUnitsPerRequest: round(readUnits / requests, 2),
      writeUnitsPerRequest: round(writeUnits / requests, 2),
      usdPerMillion: Object.fromEntries(
        Object.entries({ ...perMillion, total }).map(([name, value]) => [name, round(value, 4)]),
      ) as OperationCost['usdPerMillion'],
    };
    result.operations.push(cost);
    options.progress(
      `cost ${sample.routeKey}: ${cost.durationMs.median} ms (billed ${billedMs} ms at ${memoryMb} MB), ` +
        `${cost.readUnitsPerRequest} RRU + ${cost.writeUnitsPerRequest} WRU per request → $${cost.usdPerMillion.total.toFixed(2)} per million`,
    );
  }
  return result;
}
