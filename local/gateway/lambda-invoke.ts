/**
 * Invokes a Lambda handler in process the way the Node.js runtime would: with the event and a
 * context object, awaiting its promise, bounded by the integration timeout. When the timeout wins,
 * the handler keeps running (as a Lambda would until its own timeout) but its answer is dropped.
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from 'aws-lambda';

export type LambdaHandler = (event: APIGatewayProxyEventV2WithJWTAuthorizer, context: Context) => unknown;

/** What the context reports about the function; from infra/template.yaml for the real functions. */
export interface FunctionSettings {
  functionName: string;
  memoryMb: number;
  timeoutSeconds: number;
}

export type InvokeOutcome =
  | { kind: 'returned'; result: unknown }
  | { kind: 'threw'; error: unknown }
  | { kind: 'timed-out' };

/** One log stream per function, as one execution environment writes one stream on Lambda. */
const logStreams = new Map<string, string>();

function logStreamOf(functionName: string): string {
  let stream = logStreams.get(functionName);
  if (!stream) {
    stream = `local/[$LATEST]${randomUUID().replaceAll('-', '')}`;
    logStreams.set(functionName, stream);
  }
  return stream;
}

export function lambdaContextOf(settings: FunctionSettings, region: string): Context {
  const deadline = Date.now() + settings.timeoutSeconds * 1000;
  const { functionName } = settings;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:000000000000:function:${functionName}`,
    memoryLimitInMB: String(settings.memoryMb),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: logStreamOf(functionName),
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export async function invokeWithTimeout(
  handler: LambdaHandler,
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  context: Context,
  timeoutMs: number,
): Promise<InvokeOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<InvokeOutcome>((resolve) => {
    timer = setTimeout(() => resolve({ kind: 'timed-out' }), timeoutMs);
  });
  const invoked = (async (): Promise<InvokeOutcome> => {
    try {
      return { kind: 'returned', result: await handler(event, context) };
    } catch (error) {
      return { kind: 'threw', error };
    }
  })();
  try {
    return await Promise.race([invoked, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
