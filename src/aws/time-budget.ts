/**
 * The time a request may spend on its dependencies. API Gateway gives up at 29 s with a bare 503
 * (no problem, no log line, and the write may still land); the function must answer well before. So
 * each request runs within a budget derived from the Lambda's remaining time
 * (src/http/function-handler.ts), and everything it sends to DynamoDB or S3 carries the budget's
 * abort signal (./dependency-calls.ts): a call still running when the budget ends is abandoned, and
 * the store's retry loop (src/store/conditional-write.ts) stops trying.
 *
 * The budget travels with the request's async context (AsyncLocalStorage), not as a parameter
 * through every layer: concurrent requests in one process (the tests, the local stack) each see
 * their own. Code running outside any request (a bucket event) has no budget: its calls are bounded
 * by the SDK's own timeouts and the function's.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface TimeBudget {
  /** When the budget ends, in epoch milliseconds. */
  readonly deadline: number;
  /** Aborted when the budget ends. */
  readonly signal: AbortSignal;
}

const current = new AsyncLocalStorage<TimeBudget>();

/** Runs `work` within a budget of `ms` milliseconds from now. */
export function withinTimeBudget<T>(ms: number, work: () => Promise<T>): Promise<T> {
  const budget: TimeBudget = {
    deadline: Date.now() + ms,
    signal: AbortSignal.timeout(Math.max(0, ms)),
  };
  return current.run(budget, work);
}

/** The running request's budget, or undefined outside one. */
export function currentTimeBudget(): TimeBudget | undefined {
  return current.getStore();
}

/** Milliseconds left of the running request's budget (Infinity outside one). */
export function remainingBudgetMs(now = Date.now()): number {
  const budget = current.getStore();
  return budget ? Math.max(0, budget.deadline - now) : Number.POSITIVE_INFINITY;
}
