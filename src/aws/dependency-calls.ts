/**
 * What every call of the functions to DynamoDB or S3 goes through: the request's time budget
 * (./time-budget.ts), and one translation of "unavailable" failures (./unavailable.ts) into the
 * calling layer's own error. Installed once on each client (../store/client.ts,
 * ../storage/s3-client.ts), so no call can forget either:
 *
 *   store ── client.send(command) ──▶ [abortSignal of the budget] ──▶ SDK (retries, timeouts) ──▶ AWS
 *                     ◀── TableUnavailable(cause) ◀── throttled / timed out / aborted / 5xx
 *                     ◀── anything else, as the SDK threw it
 *
 * The signal also ends the SDK's waits between its own retries.
 */
import { currentTimeBudget } from './time-budget';
import { isUnavailable } from './unavailable';

type Send = (command: unknown, options?: object) => Promise<unknown>;

/** Installs both on `client` (an SDK client: DynamoDB's document client, S3's) and returns it. */
export function guardDependencyCalls<C extends object>(client: C, unavailable: (cause: unknown) => Error): C {
  const send = (client as unknown as { send: Send }).send.bind(client);
  const guarded = async (command: unknown, options?: object): Promise<unknown> => {
    const budget = currentTimeBudget();
    try {
      return await send(command, budget ? { abortSignal: budget.signal, ...options } : options);
    } catch (error) {
      throw isUnavailable(error) ? unavailable(error) : error;
    }
  };
  Object.defineProperty(client, 'send', { value: guarded, configurable: true, writable: true });
  return client;
}
