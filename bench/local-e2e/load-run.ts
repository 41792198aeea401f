/** One measured run of load against a server: what autocannon saw, and the CPU it cost (when known). */
import type { Result as AutocannonResult } from 'autocannon';
import type { CpuSnapshot } from './process-cpu';

export interface RunFigures {
  /** Successful (2xx) requests per second. */
  throughput: number;
  p50: number;
  p99: number;
  /** Non-2xx answers and errors. */
  failures: number;
  cpu?: CpuSnapshot;
}

export function fromAutocannon(result: AutocannonResult): RunFigures {
  return {
    throughput: successes(result) / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: result.non2xx + result.errors,
  };
}

/** The 2xx answers of a run. */
export function successes(result: AutocannonResult): number {
  return Object.entries(result.statusCodeStats)
    .filter(([status]) => status.startsWith('2'))
    .reduce((sum, [, { count }]) => sum + Number(count), 0);
}
