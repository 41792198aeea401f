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
 */
import { Logger, LogLevelThreshold } from '@aws-lambda-powertools/logger';

const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? 'swiftyplanner';

/** One logger per container; POWERTOOLS_LOG_LEVEL (SILENT in tests) and POWERTOOLS_SERVICE_NAME apply. */
export const logger = new Logger({ serviceName });

export interface RequestLogEntry {
  /** API Gateway's request id (the `apigw-requestid` response header), also in 500 problems. */
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

/** `failure` is an unexpected error: the line goes out at ERROR level, with its stack. */
export function logRequest(log: Logger, entry: RequestLogEntry, failure?: unknown): void {
  if (failure !== undefined) {
    const error = failure instanceof Error ? failure : new Error(String(failure));
    log.error({ message: 'request failed', ...entry, error });
    return;
  }
  if (log.level > LogLevelThreshold.INFO) return;
  const line = {
    level: 'INFO',
    message: 'request',
    timestamp: new Date().toISOString(),
    service: serviceName,
    xray_trace_id: xrayTraceId(),
    ...entry,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}
