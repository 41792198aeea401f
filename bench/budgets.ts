/**
 * The budgets of issue 7 and their verdicts. Each check names the figure, its measured value, the
 * limit and whether it holds; nothing here fails the run, the table and README show the verdicts.
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

/** Growth between the first and the last memory milestone that still counts as "no growth". */
export const MEMORY_GROWTH_TOLERANCE_MB = 2;
/** Live heap after a full GC may move by this much without anything being retained. */
export const HEAP_GROWTH_TOLERANCE_MB = 1;

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
    checks.push({ id, description, actual: round(actual, 2), limit, unit, comparison, holds });
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
  const [first] = results.memory.milestones;
  for (const [name, ratios] of Object.entries(results.memory.ratios)) {
    check(
      `memory.${name}.coldStart`,
      `${name}: RSS after cold start ÷ empty handler`,
      ratios?.toEmpty.coldStart,
      '<=',
      1.3,
      '×',
    );
    if (first !== undefined) {
      check(
        `memory.${name}.${first}`,
        `${name}: RSS after ${first} requests ÷ empty handler`,
        ratios?.toEmpty[String(first)],
        '<=',
        1.3,
        '×',
      );
    }
    check(
      `memory.${name}.growth`,
      `${name}: RSS growth ${results.memory.milestones.join(' → ')} requests`,
      results.memory.subjects[name as 'todos']?.growthMb.median,
      '<=',
      MEMORY_GROWTH_TOLERANCE_MB,
      'MB',
    );
    // What a leak would grow: the live heap after a full GC (RSS also moves when V8 resizes its
    // young generation, which retains nothing).
    check(
      `memory.${name}.heapGrowth`,
      `${name}: live heap growth ${results.memory.milestones.join(' → ')} requests`,
      results.memory.subjects[name as 'todos']?.heapGrowthMb.median,
      '<=',
      HEAP_GROWTH_TOLERANCE_MB,
      'MB',
    );
  }
  for (const [routeKey, figures] of Object.entries(results.endToEnd?.operations ?? {})) {
    check(
      `endToEnd.${routeKey}`,
      `${routeKey}: local stack ÷ SDK throughput`,
      figures.throughputRatio,
      '>=',
      0.7,
      '×',
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
