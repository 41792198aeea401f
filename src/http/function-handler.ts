/**
 * The Lambda entry of a function: event → route → validate → operation → response, in one straight
 * line. API Gateway already resolved the route, so `event.routeKey` (`PATCH /todos/{todoId}`) picks the
 * operation from the function's precompiled validators (generated/validators/<fn>.js): nothing is
 * compiled at cold start. The operation runs within the request's time budget (./request-budget.ts).
 * Every failure leaves through ./problem.ts as problem+json.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type {
  APIGatewayProxyEventV2WithJWTAuthorizer,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { takeColdStart } from '../aws/cold-start';
import { withinTimeBudget } from '../aws/time-budget';
import type { CompiledOperation } from '../contract/compiled-operation';
import { NotFoundError } from './errors';
import type { OperationHandlers, OperationId } from './operation';
import { type ParsedRequest, parseRequest } from './parse-request';
import { problemResponse } from './problem';
import { requestBudgetMs } from './request-budget';
import { logger as defaultLogger, logRequest } from './request-log';
import { type ResultLike, responseOf } from './response';

export type FunctionHandler = (
  event: APIGatewayProxyEventV2WithJWTAuthorizer,
  context?: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

export interface FunctionHandlerOptions {
  /** Where the per-request line goes; the container's Powertools logger by default. */
  logger?: Logger;
}

type UntypedHandler = (request: ParsedRequest) => Promise<ResultLike>;

/**
 * `handlers` may cover a subset of the contract's operations (K is inferred from its keys); a route
 * whose operation has no handler is a deployment bug and answers 500.
 */
export function createFunctionHandler<K extends OperationId>(
  compiled: Record<string, CompiledOperation>,
  handlers: OperationHandlers<K>,
  options: FunctionHandlerOptions = {},
): FunctionHandler {
  const log = options.logger ?? defaultLogger;
  // At run time a handler takes the parsed request; the types tied it to its operation at compile time.
  const byOperationId = handlers as unknown as Record<string, UntypedHandler>;
  const handlerOf = (operationId: string): UntypedHandler | undefined =>
    Object.hasOwn(byOperationId, operationId) ? byOperationId[operationId] : undefined;

  return async (event, context) => {
    const started = performance.now();
    const cold = takeColdStart();
    const requestId = event.requestContext?.requestId ?? context?.awsRequestId ?? 'unknown';
    const operation = Object.hasOwn(compiled, event.routeKey) ? compiled[event.routeKey] : undefined;

    let response: APIGatewayProxyStructuredResultV2;
    let failure: unknown;
    let unavailable: unknown;
    try {
      if (!operation) {
        throw new NotFoundError(
          `No route ${event.routeKey} in this API. Check the method and path against the contract.`,
        );
      }
      const handler = handlerOf(operation.operationId);
      if (!handler) throw new Error(`No handler registered for operation ${operation.operationId}`);
      const request = parseRequest(event, operation, requestId);
      response = responseOf(await withinTimeBudget(requestBudgetMs(context), () => handler(request)));
    } catch (error) {
      const method = event.requestContext?.http?.method ?? 'GET';
      const mapped = problemResponse(error, event.rawPath ?? '/', requestId, method);
      response = mapped.response;
      if (mapped.unexpected) failure = error;
      else if (response.statusCode === 503) unavailable = error;
    }

    logRequest(
      log,
      {
        requestId,
        awsRequestId: context?.awsRequestId,
        routeKey: event.routeKey,
        operationId: operation?.operationId,
        status: response.statusCode ?? 200,
        durationMs: Math.round((performance.now() - started) * 100) / 100,
        coldStart: cold,
      },
      { failure, unavailable, apiId: event.requestContext?.apiId },
    );
    return response;
  };
}
