/**
 * One structured JSON line per request: who asked for which route, how it ended, how long it took,
 * whether the container was cold. Never tokens, headers or bodies: the line is built from a fixed set
 * of fields, not from the event.
 *
 * The line has Powertools Logger's shape (level, message, timestamp, service, xray_trace_id, then
 * the fields) and obeys its level (POWERTOOLS_LOG_LEVEL, SILENT in tests), but the everyday line is
 * written here: through Powertools it cost about 25 µs of CPU per request on the bench machine
 * (environment reads, deep merges, a JSON replacer), written directly about 5. A failure still goes
 * through Powertools, which formats the error and its stack.
 *
 * A 503 (a dependency that did not serve the request, or a write that kept losing its race) is no
 * bug: its line is a WARN with the cause, and carries the `Unavailable` metric in CloudWatch's
 * embedded metric format, which the template's alarm on pressure counts apart from the 5xx of bugs
 * (infra/template.yaml, ApiUnavailableAlarm). A metric is not a log message: this line is written at
 * every log level but SILENT.
 */
import { Logger, LogLevelThreshold } from '@aws-lambda-powertools/logger';

const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? 'swiftyplanner';

/** One logger per container; POWERTOOLS_LOG_LEVEL (SILENT in tests) and POWERTOOLS_SERVICE_NAME apply. */
export const logger = new Logger({ serviceName });

export interface RequestLogEntry {
  /** API Gateway's request id (the `apigw-requestid` response header), also in 500 and 503 problems. */
  requestId: string;
  /** Lambda's invocation id, when a context was passed. */
  awsRequestId: string | undefined;
  routeKey: string;
  operationId: string | undefined;
  status: number;
  durationMs: number;
  coldStart: boolean;
}

/** `Root=1-5759e988-bd86…;Parent=…;Sampled=1` (set by Lambda per invocation) → `1-5759e988-bd86…`. */
function xrayTraceId(): string | undefined {
  const header = process.env._X_AMZN_TRACE_ID;
  if (!header) return undefined;
  const root = header.split(';').find((part) => part.startsWith('Root='));
  return root?.slice('Root='.length);
}

/** The CloudWatch namespace and metric of answers that were 503 (infra/template.yaml alarms on it). */
export const METRICS_NAMESPACE = 'SwiftyPlanner';
export const UNAVAILABLE_METRIC = 'Unavailable';

export interface RequestOutcome {
  /** An unexpected error (a 500): the line goes out at ERROR level, with its stack. */
  failure?: unknown;
  /** Why the answer was 503: a WARN line with its cause, counted as the `Unavailable` metric. */
  unavailable?: unknown;
  /** The API the request came through: the metric's dimension, as the alarm names it. */
  apiId?: string;
}

/** `{ name, message, cause }` down the cause chain, without stacks: what a 503 line needs. */
function causeChain(error: unknown, depth = 0): unknown {
  if (!(error instanceof Error) || depth > 3) return error === undefined ? undefined : String(error);
  return {
    name: error.name,
    message: error.message,
    ...(error.cause !== undefined ? { cause: causeChain(error.cause, depth + 1) } : {}),
  };
}

function writeLine(level: string, message: string, fields: object): void {
  const line = {
    level,
    message,
    timestamp: new Date().toISOString(),
    service: serviceName,
    xray_trace_id: xrayTraceId(),
    ...fields,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

export function logRequest(log: Logger, entry: RequestLogEntry, outcome: RequestOutcome = {}): void {
  const { failure, unavailable, apiId } = outcome;
  if (failure !== undefined) {
    const error = failure instanceof Error ? failure : new Error(String(failure));
    log.error({ message: 'request failed', ...entry, error });
    return;
  }
  if (unavailable !== undefined) {
    if (log.level >= LogLevelThreshold.SILENT) return;
    writeLine('WARN', 'request unavailable', {
      ...entry,
      cause: causeChain(unavailable),
      _aws: {
        Timestamp: Date.now(),
        CloudWatchMetrics: [
          {
            Namespace: METRICS_NAMESPACE,
            Dimensions: [['ApiId']],
            Metrics: [{ Name: UNAVAILABLE_METRIC, Unit: 'Count' }],
          },
        ],
      },
      ApiId: apiId ?? 'unknown',
      [UNAVAILABLE_METRIC]: 1,
    });
    return;
  }
  if (log.level > LogLevelThreshold.INFO) return;
  writeLine('INFO', 'request', entry);
}
