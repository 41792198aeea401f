/**
 * Keeps one of the local stack's dependencies (DynamoDB Local, the local S3) running. When its
 * process ends and nothing asked it to, the supervisor says so at once, starts it again on the same
 * port and data (so the functions' endpoints and the data stay as they were), and says when it is
 * back. A dependency that keeps dying is not restarted forever: past `limit` restarts within
 * `limit.withinMs`, the supervisor gives up and `onGiveUp` gets an error naming what died, how, and
 * what to do; the stack then stops rather than answer 503 for good.
 *
 *   java killed ──▶ "DynamoDB Local (pid 4711) was killed by SIGKILL."
 *                   "Restarting DynamoDB Local on port 41234 with the data in …/dynamodb (restart 1 of 3 within 5 min)..."
 *                   "DynamoDB Local is back (pid 4790, 3.1 s)."
 *   4th death in 5 min ──▶ onGiveUp(DependencyFailedError)
 *
 * While it is down, requests that need it fail fast (connection refused) and GET /health answers
 * 503: the functions see that for themselves (src/operations/health.ts), as they would on AWS.
 */

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The end of what it printed, for a message about why it ended. */
  output: string;
}

/** A dependency's running process, as ../dynamodb/dynamodb-local.ts and ../s3/s3-process.ts start one. */
export interface SupervisedProcess {
  pid: number | undefined;
  /** Resolves when the process ends, whatever ended it (stop() included). */
  exited: Promise<ProcessExit>;
  stop(): Promise<void>;
}

export interface RestartLimit {
  restarts: number;
  withinMs: number;
}

/** Three restarts in five minutes: a kill or a crash heals; a dependency that cannot stay up stops the stack. */
export const DEFAULT_RESTART_LIMIT: RestartLimit = { restarts: 3, withinMs: 5 * 60_000 };

export interface SupervisorOptions<P extends SupervisedProcess> {
  /** What it is, for messages: `DynamoDB Local`, `the local S3`. */
  name: string;
  /** Where it runs and keeps its data, for messages: `port 41234 with the data in /x/.data/dynamodb`. */
  where: string;
  /** Starts it again, on the same port and data. */
  restart(): Promise<P>;
  /** What happened, as it happens (npm start prints it). */
  report(message: string): void;
  /** Called once, when it died more often than `limit` allows; the supervisor no longer restarts it. */
  onGiveUp(error: DependencyFailedError): void;
  /** What a person can do when it keeps dying, after the supervisor gave up. */
  giveUpHint: string;
  limit?: RestartLimit;
}

export interface Supervisor<P extends SupervisedProcess> {
  /** The process running now (a restart replaces it). */
  readonly current: P;
  /** Stops the process for good; a restart in progress is waited for, and its process stopped. */
  stop(): Promise<void>;
}

export class DependencyFailedError extends Error {
  override name = 'DependencyFailedError';
}

export function describeExit(exit: Pick<ProcessExit, 'code' | 'signal'>): string {
  return exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
}

export function supervise<P extends SupervisedProcess>(
  first: P,
  options: SupervisorOptions<P>,
): Supervisor<P> {
  const limit = options.limit ?? DEFAULT_RESTART_LIMIT;
  const { name, report } = options;
  // `the local S3` starts a sentence as `The local S3`.
  const Name = name.charAt(0).toUpperCase() + name.slice(1);
  const restartTimes: number[] = [];
  let current = first;
  let stopping = false;
  let recovering: Promise<void> | undefined;

  const watch = (process: P) => {
    void process.exited.then((exit) => {
      if (stopping || process !== current) return;
      recovering = recover(process, exit).finally(() => {
        recovering = undefined;
      });
    });
  };

  async function recover(dead: P, exit: ProcessExit): Promise<void> {
    report(`${Name} (pid ${dead.pid}) ${describeExit(exit)}.`);
    let lastFailure = { what: describeExit(exit), output: exit.output };
    while (!stopping) {
      const now = Date.now();
      const recent = restartTimes.filter((time) => time > now - limit.withinMs);
      if (recent.length >= limit.restarts) {
        const error = new DependencyFailedError(
          `${Name} keeps dying: ${limit.restarts} restart${limit.restarts === 1 ? '' : 's'} within ${minutes(limit.withinMs)} did not keep it ` +
            `up (the last time it ${lastFailure.what}). The local stack stops instead of answering 503 ` +
            `for good. ${options.giveUpHint}${lastLines(lastFailure.output)}`,
        );
        report(error.message);
        options.onGiveUp(error);
        return;
      }
      restartTimes.splice(0, restartTimes.length, ...recent, now);
      report(
        `Restarting ${name} on ${options.where} ` +
          `(restart ${restartTimes.length} of ${limit.restarts} within ${minutes(limit.withinMs)})...`,
      );
      const started = performance.now();
      try {
        const next = await options.restart();
        if (stopping) {
          await next.stop();
          return;
        }
        current = next;
        report(`${Name} is back (pid ${next.pid}, ${((performance.now() - started) / 1000).toFixed(1)} s).`);
        watch(next);
        return;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        lastFailure = { what: 'did not start again', output: message };
        report(`${Name} did not start again: ${message}`);
        // A port still held or a disk still full is not fixed by trying again at once.
        await new Promise((resolve) => setTimeout(resolve, 1_000 * restartTimes.length));
      }
    }
  }

  watch(first);
  return {
    get current() {
      return current;
    },
    async stop() {
      stopping = true;
      await recovering;
      await current.stop();
    },
  };
}

function minutes(ms: number): string {
  const value = ms / 60_000;
  return value >= 1 ? `${Number(value.toFixed(1))} min` : `${ms / 1000} s`;
}

/** The last lines a process printed, indented under the message; nothing when it printed nothing. */
function lastLines(output: string): string {
  const lines = output.trim().split('\n').slice(-8);
  return lines.join('').trim() === ''
    ? '\nIt printed nothing.'
    : `\nIts last output:\n    ${lines.join('\n    ')}`;
}
