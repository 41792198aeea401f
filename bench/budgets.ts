/**
 * The budgets and their verdicts. Each check names the figure, its measured value, the limit and
 * whether it holds; nothing here fails the run, the console and bench/README.md show the verdicts.
 * Every budget reads the project's code against a baseline that does the same work without it, so
 * what the SDK or Node costs on their own counts on both sides (see bench/README.md).
 */
import type { BenchResults } from './benchmarks';
import { round } from './statistics';

export interface BudgetCheck {
  id: string;
  description: string;
  actual: number;
  limit: number;
  unit: string;
  comparison: '<=' | '>=';
  holds: boolean;
}

/** RSS of a function after the first memory milestone, at most this many times its baseline (b)'s. */
export const RSS_TO_BASELINE_LIMIT = 1.2;
/** Live heap after a full GC may move by this much between the milestones without anything retained. */
export const HEAP_GROWTH_TOLERANCE_MB = 1;
/** CPU the local stack's process may spend per request with an echo function: the gateway's own cost. */
export const GATEWAY_CPU_LIMIT_MS = 0.3;

export function checkBudgets(results: Omit<BenchResults, 'budgets'>): BudgetCheck[] {
  const checks: BudgetCheck[] = [];
  const check = (
    id: string,
    description: string,
    actual: number | undefined,
    comparison: '<=' | '>=',
    limit: number,
    unit: string,
  ) => {
    if (actual === undefined || Number.isNaN(actual)) return;
    const holds = comparison === '<=' ? actual <= limit : actual >= limit;
    // Three decimals below 1 (0.3 ms budgets): two would show 0.304 as a failing 0.3.
    const shown = round(actual, Math.abs(actual) < 1 ? 3 : 2);
    checks.push({ id, description, actual: shown, limit, unit, comparison, holds });
  };

  for (const [name, figures] of Object.entries(results.coldStart.functions)) {
    check(
      `coldStart.${name}`,
      `${name}: cold start − baseline (b)`,
      figures?.overBaselineMs.median,
      '<=',
      40,
      'ms',
    );
  }
  for (const name of ['todos', 'users'] as const) {
    check(`bundleSize.${name}`, `${name}: bundle gzipped`, results.bundleSize[name]?.gzipKb, '<=', 220, 'KB');
  }
  for (const [routeKey, figures] of Object.entries(results.warm.operations)) {
    check(
      `warm.${routeKey}`,
      `${routeKey}: warm overhead per request`,
      figures.overheadUs.median,
      '<=',
      40,
      'µs',
    );
  }
  const [first, last] = [results.memory.milestones[0], results.memory.milestones.at(-1)];
  for (const [name, ratios] of Object.entries(results.memory.ratios)) {
    // Against (b), the DynamoDB client alone doing the same write: what the function's own code keeps.
    // (RSS against the empty handler and RSS growth are reported, not budgeted: see bench/README.md.)
    if (first !== undefined) {
      check(
        `memory.${name}.rssToBaseline`,
        `${name}: RSS after ${first} requests ÷ baseline (b)`,
        ratios?.toBaseline[String(first)],
        '<=',
        RSS_TO_BASELINE_LIMIT,
        '×',
      );
    }
    // What a leak would grow: the live heap after a full GC (RSS also moves when V8 resizes its
    // young generation, which retains nothing).
    check(
      `memory.${name}.heapGrowth`,
      `${name}: live heap growth ${first} → ${last} requests`,
      results.memory.subjects[name as 'todos']?.heapGrowthMb.median,
      '<=',
      HEAP_GROWTH_TOLERANCE_MB,
      'MB',
    );
  }
  for (const [routeKey, figures] of Object.entries(results.gateway?.routes ?? {})) {
    check(
      `gateway.${routeKey}`,
      `${routeKey}: local gateway CPU per request (echo function)`,
      figures.gateway.cpuMsPerRequest?.median,
      '<=',
      GATEWAY_CPU_LIMIT_MS,
      'ms',
    );
  }
  const { list, purge } = results.scaling;
  check('scaling.list', `GET /todos page: ${list.large} todos ÷ ${list.small}`, list.ratio, '<=', 1.5, '×');
  check(
    'scaling.purge.batchWrites',
    `DELETE /users/me: BatchWriteItem calls (minimum ${purge.minimumBatchWrites})`,
    purge.batchWrites,
    '<=',
    purge.minimumBatchWrites,
    'requests',
  );
  check(
    'scaling.purge.s3',
    `DELETE /users/me: S3 requests (minimum ${purge.minimumS3Requests})`,
    purge.s3Total,
    '<=',
    purge.minimumS3Requests,
    'requests',
  );
  check(
    'scaling.purge.left',
    'DELETE /users/me: items and files left behind',
    purge.itemsLeft + purge.filesLeft,
    '<=',
    0,
    'items',
  );
  return checks;
}
