/**
 * How long one request may take, from the Lambda's remaining time. The numbers, outside in:
 *
 *   API Gateway's integration timeout   29 s   (the contract's timeoutInMillis): past it, a bare 503
 *   the functions' Lambda Timeout       20 s   (infra/template.yaml): a function that hangs is killed
 *                                              (a 500 at the gateway, the Errors alarm) before that
 *   a request's time budget             remaining − 1 s ≈ 19 s: every DynamoDB and S3 call carries it
 *                                              (src/aws/time-budget.ts), and the answer (a 503 problem
 *                                              with Retry-After at worst) leaves within the last second
 *
 * Each single call also gives up sooner on its own (connect 2 s, answer 5 s, 3 attempts:
 * src/store/client.ts), so one stalled call answers 503 in about 15 s; the budget bounds the sum of
 * them and of the store's write retries.
 */
import type { Context } from 'aws-lambda';

/** Kept back from the Lambda's remaining time to build the answer and write the log line. */
export const ANSWER_RESERVE_MS = 1_000;

/** Without a Lambda context (tests, scripts): what a freshly started 20 s function would have. */
export const DEFAULT_REQUEST_BUDGET_MS = 19_000;

export function requestBudgetMs(context: Pick<Context, 'getRemainingTimeInMillis'> | undefined): number {
  if (!context || typeof context.getRemainingTimeInMillis !== 'function') return DEFAULT_REQUEST_BUDGET_MS;
  return Math.max(0, context.getRemainingTimeInMillis() - ANSWER_RESERVE_MS);
}
