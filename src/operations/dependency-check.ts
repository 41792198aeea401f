/**
 * What GET /health knows about the function's dependencies, found out cheaply enough for a public,
 * unauthenticated route. Its cost must not follow the callers' rate, so a container probes at most
 * once per `intervalMs` and answers every request in between from that result; concurrent requests
 * share the probe in flight. Each probe gives up after `timeoutMs`, so /health answers in about that
 * long even when a dependency hangs, well inside the gateway's timeout.
 *
 *   request ─▶ result younger than intervalMs?  ── yes ─▶ that result
 *                        │ no
 *                        ▼
 *              a probe in flight? ── yes ─▶ its result
 *                        │ no
 *                        ▼
 *              probe every dependency at once (each ≤ timeoutMs) ─▶ keep the result, with its time
 *
 * On AWS that is, per warm container and whatever the traffic, at most 60 000 / intervalMs probes of
 * each dependency a minute.
 */

export interface DependencyProbe {
  /** For a person: `DynamoDB`, `S3`. */
  name: string;
  /** Resolves when the dependency answered; stops waiting when `signal` aborts. */
  probe(signal: AbortSignal): Promise<void>;
}

export interface DependencyReport {
  /** Names of the dependencies that did not answer, in the order the probes were given. */
  failing: string[];
  /** What each failing probe threw, for the log. */
  causes: unknown[];
  /** When the probes ended (ms since the epoch). */
  checkedAt: number;
}

export interface DependencyCheckOptions {
  probes: DependencyProbe[];
  /** 5 s: how long a result stands. */
  intervalMs?: number;
  /** 2 s: how long one probe may take. */
  timeoutMs?: number;
  now?: () => number;
}

export const DEPENDENCY_CHECK_INTERVAL_MS = 5_000;
export const DEPENDENCY_PROBE_TIMEOUT_MS = 2_000;

export function createDependencyCheck(options: DependencyCheckOptions): () => Promise<DependencyReport> {
  const intervalMs = options.intervalMs ?? DEPENDENCY_CHECK_INTERVAL_MS;
  const timeoutMs = options.timeoutMs ?? DEPENDENCY_PROBE_TIMEOUT_MS;
  const now = options.now ?? Date.now;
  let last: DependencyReport | undefined;
  let running: Promise<DependencyReport> | undefined;

  const probeAll = async (): Promise<DependencyReport> => {
    const outcomes = await Promise.allSettled(
      options.probes.map(({ probe }) => probe(AbortSignal.timeout(timeoutMs))),
    );
    const failed = outcomes.flatMap((outcome, index) =>
      outcome.status === 'rejected'
        ? [{ name: options.probes[index]?.name ?? '', cause: outcome.reason }]
        : [],
    );
    return {
      failing: failed.map(({ name }) => name),
      causes: failed.map(({ cause }) => cause),
      checkedAt: now(),
    };
  };

  return () => {
    if (last && now() - last.checkedAt < intervalMs) return Promise.resolve(last);
    running ??= probeAll()
      .then((report) => {
        last = report;
        return report;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };
}
