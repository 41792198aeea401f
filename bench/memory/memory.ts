/**
 * Benchmark 4, memory: each subject in a fresh process serves its first request and then warm ones,
 * and reports its memory after a full GC at each milestone (after the cold start, after 1,000 and
 * after 10,000 requests): the resident set (what the budget reads), the live JavaScript heap (what a
 * leak would grow) and the young generation's reserved size (which V8 grows under allocation pressure
 * and keeps, raising RSS without retaining anything). The warm requests go to a DynamoDB stand-in
 * (./dynamodb-stand-in.ts) so 10,000 of them take seconds.
 */
import { type ProbeReport, runProbe } from '../cold-start/probe-process';
import { median, ratio, type Sample, sampleOf } from '../statistics';
import type { Subject, SubjectName } from '../subjects';

const MB = 1024 * 1024;

export interface SubjectMemory {
  /** RSS in MB after the cold start and after each milestone, median over runs. */
  rssMb: Record<string, Sample>;
  /** Live heap after a full GC (MB), same points. */
  heapUsedMb: Record<string, Sample>;
  /** V8's young generation reserved size (MB), same points. */
  newSpaceMb: Record<string, Sample>;
  /** RSS after the last milestone minus after the first, per run (MB). */
  growthMb: Sample;
  /** Live heap after the last milestone minus after the first, per run (MB): retained growth. */
  heapGrowthMb: Sample;
  /** Statuses of the warm requests of the first run, to show they did the real work. */
  warmStatuses: Record<string, number>;
}

export interface MemoryResult {
  runs: number;
  milestones: number[];
  subjects: Partial<Record<SubjectName, SubjectMemory>>;
  /** Per function: RSS ratio to the empty handler (and to baseline b) at each point. */
  ratios: Partial<
    Record<SubjectName, { toEmpty: Record<string, number>; toBaseline: Record<string, number> }>
  >;
}

export interface MemoryOptions {
  probe: string;
  env: NodeJS.ProcessEnv;
  runs: number;
  /** Request counts after which memory is read, e.g. [1000, 10000]. */
  milestones: number[];
  progress(line: string): void;
}

export async function measureMemory(subjects: Subject[], options: MemoryOptions): Promise<MemoryResult> {
  const milestones = [...options.milestones].sort((a, b) => a - b);
  const points = ['coldStart', ...milestones.map(String)];
  const first = points[1] ?? 'coldStart';
  const last = points[points.length - 1] ?? 'coldStart';
  const reports = new Map<SubjectName, ProbeReport[]>(subjects.map((subject) => [subject.name, []]));

  // Memory does not depend on timing, so two probes run at once: the 10,000-request runs take a while.
  const jobs = Array.from({ length: options.runs }, (_, round) =>
    subjects.map((subject) => ({ round, subject })),
  ).flat();
  const worker = async () => {
    for (let job = jobs.shift(); job; job = jobs.shift()) {
      const { round, subject } = job;
      const tag = `${Math.random().toString(36).slice(2, 8)}-__N__`;
      const report = await runProbe({
        probe: options.probe,
        bundle: subject.bundle,
        eventTemplate: JSON.stringify(subject.eventFor(tag)),
        env: options.env,
        milestones,
      });
      const ok = Object.keys(report.warmStatuses).every((status) => status === String(subject.expectStatus));
      if (report.firstStatus !== subject.expectStatus || !ok) {
        throw new Error(
          `${subject.name} did not answer ${subject.routeKey} with ${subject.expectStatus} in the memory run: ` +
            `first ${report.firstStatus}, warm ${JSON.stringify(report.warmStatuses)}. ${report.firstBody}`,
        );
      }
      reports.get(subject.name)?.push(report);
      const mb = (bytes: number | undefined) => ((bytes ?? 0) / MB).toFixed(1);
      options.progress(
        `memory ${round + 1}/${options.runs} ${subject.name.padEnd(11)} ${points
          .map(
            (p) =>
              `${p === 'coldStart' ? 'cold' : p}: RSS ${mb(report.rss[p])} MB (heap ${mb(report.heapUsed[p])}, young ${mb(report.newSpace[p])})`,
          )
          .join(', ')}`,
      );
    }
  };
  const stopOnFailure = (error: unknown) => {
    jobs.length = 0;
    throw error;
  };
  await Promise.all([worker().catch(stopOnFailure), worker().catch(stopOnFailure)]);

  const result: MemoryResult = { runs: options.runs, milestones, subjects: {}, ratios: {} };
  const series = (runs: ProbeReport[], field: 'rss' | 'heapUsed' | 'newSpace') =>
    Object.fromEntries(points.map((p) => [p, sampleOf(runs.map((r) => (r[field][p] ?? 0) / MB))]));
  const rssAt = (name: SubjectName, point: string) =>
    median((reports.get(name) ?? []).map((r) => r.rss[point] ?? 0));
  for (const subject of subjects) {
    const runs = reports.get(subject.name) ?? [];
    result.subjects[subject.name] = {
      rssMb: series(runs, 'rss'),
      heapUsedMb: series(runs, 'heapUsed'),
      newSpaceMb: series(runs, 'newSpace'),
      growthMb: sampleOf(runs.map((r) => ((r.rss[last] ?? 0) - (r.rss[first] ?? 0)) / MB)),
      heapGrowthMb: sampleOf(runs.map((r) => ((r.heapUsed[last] ?? 0) - (r.heapUsed[first] ?? 0)) / MB)),
      warmStatuses: runs[0]?.warmStatuses ?? {},
    };
    if (subject.kind === 'function') {
      result.ratios[subject.name] = {
        toEmpty: Object.fromEntries(points.map((p) => [p, ratio(rssAt(subject.name, p), rssAt('empty', p))])),
        toBaseline: Object.fromEntries(
          points.map((p) => [p, ratio(rssAt(subject.name, p), rssAt(subject.baseline ?? 'dynamodbTodo', p))]),
        ),
      };
    }
  }
  return result;
}
