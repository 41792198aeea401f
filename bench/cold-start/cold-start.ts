/**
 * Benchmark 1, cold start: for each round, every subject starts in a fresh Node process that imports
 * its bundle and serves its first request against DynamoDB Local. Rounds rotate the order, and each
 * function is compared with its baseline (b) of the same round (the same write, see ../subjects.ts),
 * so load that drifts during the run moves both sides of a difference alike.
 */
import { median, ratio, type Sample, sampleOf } from '../statistics';
import type { BaselineName, Subject, SubjectName } from '../subjects';
import { type ProbeReport, runProbe } from './probe-process';

export interface ColdStartTimes {
  /** Process start → first response: what a cold invocation waits for. */
  totalMs: Sample;
  /** CPU time (user + system) to the first response: steadier than wall time on a busy machine. */
  cpuMs: Sample;
  bootstrapMs: Sample;
  importMs: Sample;
  firstRequestMs: Sample;
}

export interface FunctionColdStart {
  routeKey: string;
  /** The function's baseline (b): the bundle that makes the same write. */
  baseline: BaselineName;
  /** Per round: function − baseline (b); the budget holds its median. */
  overBaselineMs: Sample;
  /** Per round: function − baseline (b) in CPU time. */
  cpuOverBaselineMs: Sample;
  ratioToBaseline: number;
  overEmptyMs: Sample;
}

export interface ColdStartResult {
  runs: number;
  subjects: Partial<Record<SubjectName, ColdStartTimes & { routeKey: string }>>;
  functions: Partial<Record<SubjectName, FunctionColdStart>>;
}

export interface ColdStartOptions {
  probe: string;
  env: NodeJS.ProcessEnv;
  runs: number;
  progress(line: string): void;
}

export async function measureColdStart(
  subjects: Subject[],
  options: ColdStartOptions,
): Promise<ColdStartResult> {
  const reports = new Map<SubjectName, ProbeReport[]>(subjects.map((subject) => [subject.name, []]));
  // Round 0 is a warm-up, not recorded: it brings every bundle into the page cache and lets DynamoDB
  // Local's JIT compile each write path, so neither falls on whichever subject happens to go first.
  for (let round = 0; round <= options.runs; round++) {
    const order = subjects.map((_, i) => subjects[(i + round) % subjects.length] as Subject);
    for (const subject of order) {
      const tag = `${Math.random().toString(36).slice(2, 8)}-__N__`;
      await subject.prepare?.(tag);
      const report = await runProbe({
        probe: options.probe,
        bundle: subject.bundle,
        eventTemplate: JSON.stringify(subject.eventFor(tag)),
        env: options.env,
      });
      if (report.firstStatus !== subject.expectStatus) {
        throw new Error(
          `${subject.name} answered its first ${subject.routeKey} with ${report.firstStatus}, expected ${subject.expectStatus}: ${report.firstBody}`,
        );
      }
      if (round === 0) continue;
      reports.get(subject.name)?.push(report);
      options.progress(
        `cold start ${round}/${options.runs} ${subject.name.padEnd(11)} ${report.totalMs.toFixed(1)} ms from process start, ${report.cpuMs.toFixed(1)} ms CPU ` +
          `(bootstrap ${report.bootstrapMs.toFixed(1)}, import ${report.importMs.toFixed(1)}, first ${subject.routeKey} ${report.firstRequestMs.toFixed(1)})`,
      );
    }
  }

  const result: ColdStartResult = { runs: options.runs, subjects: {}, functions: {} };
  for (const subject of subjects) {
    const runs = reports.get(subject.name) ?? [];
    result.subjects[subject.name] = {
      routeKey: subject.routeKey,
      totalMs: sampleOf(runs.map((r) => r.totalMs)),
      cpuMs: sampleOf(runs.map((r) => r.cpuMs)),
      bootstrapMs: sampleOf(runs.map((r) => r.bootstrapMs)),
      importMs: sampleOf(runs.map((r) => r.importMs)),
      firstRequestMs: sampleOf(runs.map((r) => r.firstRequestMs)),
    };
  }
  const empty = reports.get('empty') ?? [];
  for (const subject of subjects.filter((s) => s.kind === 'function')) {
    const runs = reports.get(subject.name) ?? [];
    const baseline = subject.baseline ?? 'dynamodbTodo';
    const base = reports.get(baseline) ?? [];
    const over = (other: ProbeReport[], field: 'totalMs' | 'cpuMs' = 'totalMs') =>
      sampleOf(runs.map((r, i) => r[field] - (other[i]?.[field] ?? Number.NaN)));
    result.functions[subject.name] = {
      routeKey: subject.routeKey,
      baseline,
      overBaselineMs: over(base),
      cpuOverBaselineMs: over(base, 'cpuMs'),
      ratioToBaseline: ratio(median(runs.map((r) => r.totalMs)), median(base.map((r) => r.totalMs))),
      overEmptyMs: over(empty),
    };
  }
  return result;
}
