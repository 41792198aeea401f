/**
 * Benchmark 3, warm overhead: 10,000 requests in a loop through the todos Lambda handler (event in,
 * result out; `npm run bench` runs this bundled, see ./warm-process.ts) against the hand-written handler of
 * ./hand-written.ts, both on the in-memory table of ./in-memory-table.ts. The request log stays on
 * (its lines are counted and discarded, which also gives their size for the cost estimate); a third
 * variant with the logger silenced shows what the log line costs.
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { createTodoEvent, type Event, getTodoEvent, uniqueTag } from '../requests';
import { median, type Sample, sampleOf } from '../statistics';
import { installInMemoryTable } from './in-memory-table';

type Handler = (event: APIGatewayProxyEventV2WithJWTAuthorizer) => Promise<APIGatewayProxyStructuredResultV2>;

export interface OperationOverhead {
  /** Median latency per request (µs) in each run. */
  handlerUs: Sample;
  handlerWithoutLogUs: Sample;
  handWrittenUs: Sample;
  /** Per run: median(handler) − median(hand-written), µs. The budget holds the median over runs. */
  overheadUs: Sample;
  /** The same without the request log line. */
  overheadWithoutLogUs: Sample;
}

export interface WarmResult {
  source: string;
  requests: number;
  runs: number;
  operations: Record<string, OperationOverhead>;
  /** Size of the request log line the handler writes, in bytes (for the log ingestion cost). */
  logLineBytes: number;
  /** Store calls of the last run of the real handler, per operation. */
  storeCalls: Record<string, Record<string, number>>;
}

export interface WarmOptions {
  requests: number;
  runs: number;
  /** What runs the handler, for the report. */
  source: string;
  progress(line: string): void;
}

type Variant = 'handler' | 'handlerWithoutLog' | 'handWritten';
const variants: readonly Variant[] = ['handler', 'handlerWithoutLog', 'handWritten'];

export async function measureWarmOverhead(options: WarmOptions): Promise<WarmResult> {
  // Imported here, after the bench set the environment the store reads at import (so never statically).
  const { handler } = (await import('../../src/functions/todos')) as { handler: Handler };
  const { documentClient } = await import('../../src/store/client');
  const { logger } = await import('../../src/http/request-log');
  const { handWrittenCreateTodo, handWrittenGetTodo } = await import('./hand-written');
  const table = installInMemoryTable(documentClient);
  const output = captureStdout();
  const sub = `warm-${uniqueTag()}`;
  try {
    const seeded = await handler(createTodoEvent(sub));
    const todoId = (JSON.parse(seeded.body ?? '{}') as { id: string }).id;
    const cases = [
      {
        routeKey: 'POST /todos',
        event: () => createTodoEvent(sub),
        hand: handWrittenCreateTodo,
        status: 201,
      },
      {
        routeKey: 'GET /todos/{todoId}',
        event: () => getTodoEvent(sub, todoId),
        hand: handWrittenGetTodo,
        status: 200,
      },
    ];
    const result: WarmResult = {
      source: options.source,
      requests: options.requests,
      runs: options.runs,
      operations: {},
      logLineBytes: 0,
      storeCalls: {},
    };
    for (const { routeKey, event, hand, status } of cases) {
      const medians: Record<Variant, number[]> = { handler: [], handlerWithoutLog: [], handWritten: [] };
      for (let run = 0; run < options.runs; run++) {
        for (const name of Object.keys(table.calls)) delete table.calls[name];
        output.reset();
        const timings = await interleaved(
          { handler, handlerWithoutLog: handler, handWritten: hand },
          event,
          options.requests,
          (variant) => logger.setLogLevel(variant === 'handlerWithoutLog' ? 'SILENT' : 'INFO'),
          (response) => {
            if (response.statusCode !== status) {
              throw new Error(
                `${routeKey} answered ${response.statusCode} in the warm loop, expected ${status}: ${response.body}`,
              );
            }
          },
        );
        // Only the logging variant writes: its lines are a third of the requests.
        result.logLineBytes = Math.round(output.bytes() / Math.max(1, output.writes()));
        result.storeCalls[routeKey] = Object.fromEntries(
          Object.entries(table.calls).map(([name, count]) => [name, Math.round(count / 3)]),
        );
        for (const variant of variants) medians[variant].push(median(timings[variant]) * 1000);
        pruneTable(table.items, todoId);
        output.pause(() =>
          options.progress(
            `warm ${run + 1}/${options.runs} ${routeKey}: handler ${medians.handler.at(-1)?.toFixed(1)} µs, ` +
              `without log ${medians.handlerWithoutLog.at(-1)?.toFixed(1)} µs, hand-written ${medians.handWritten.at(-1)?.toFixed(1)} µs per request (median of ${options.requests})`,
          ),
        );
      }
      result.operations[routeKey] = {
        handlerUs: sampleOf(medians.handler),
        handlerWithoutLogUs: sampleOf(medians.handlerWithoutLog),
        handWrittenUs: sampleOf(medians.handWritten),
        overheadUs: sampleOf(medians.handler.map((value, i) => value - (medians.handWritten[i] ?? 0))),
        overheadWithoutLogUs: sampleOf(
          medians.handlerWithoutLog.map((value, i) => value - (medians.handWritten[i] ?? 0)),
        ),
      };
    }
    return result;
  } finally {
    output.restore();
    table.restore();
    logger.setLogLevel((process.env.POWERTOOLS_LOG_LEVEL as 'INFO' | undefined) ?? 'INFO');
  }
}

/**
 * `requests` requests to each variant, interleaved one by one (rotating which goes first), so load
 * from elsewhere on a shared machine falls on all variants alike. Milliseconds per request.
 */
async function interleaved(
  handlers: Record<Variant, Handler>,
  event: () => Event,
  requests: number,
  select: (variant: Variant) => void,
  check: (response: APIGatewayProxyStructuredResultV2) => void,
): Promise<Record<Variant, number[]>> {
  const timings: Record<Variant, number[]> = { handler: [], handlerWithoutLog: [], handWritten: [] };
  for (let i = 0; i < requests; i++) {
    for (let v = 0; v < variants.length; v++) {
      const variant = variants[(v + i) % variants.length] as Variant;
      const request = event();
      select(variant);
      const started = performance.now();
      const response = await handlers[variant](request);
      timings[variant].push(performance.now() - started);
      check(response);
    }
  }
  return timings;
}

/** Keeps the table small between loops: only the todo the GET requests read. */
function pruneTable(items: Map<string, unknown>, keepTodoId: string): void {
  for (const key of items.keys()) if (!key.endsWith(`TODO#${keepTodoId}`)) items.delete(key);
}

/** Swallows what the handler writes to stdout (its log lines) and counts it. */
function captureStdout() {
  const original = process.stdout.write.bind(process.stdout);
  let bytes = 0;
  let writes = 0;
  const swallow = ((chunk: string | Uint8Array) => {
    bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
    writes++;
    return true;
  }) as typeof process.stdout.write;
  process.stdout.write = swallow;
  return {
    bytes: () => bytes,
    writes: () => writes,
    reset: () => {
      bytes = 0;
      writes = 0;
    },
    /** Lets the bench print a progress line. */
    pause: (print: () => void) => {
      process.stdout.write = original;
      print();
      process.stdout.write = swallow;
    },
    restore: () => {
      process.stdout.write = original;
    },
  };
}
