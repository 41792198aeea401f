/**
 * Benchmark 4, memory: each subject in a fresh process serves its first request and then warm ones,
 * and reports its resident set size after a full GC at each milestone (after the cold start, after
 * 1,000 and after 10,000 requests). The warm requests go to a DynamoDB stand-in (./dynamodb-stand-in.ts)
 * so 10,000 of them take seconds.
 */
import { runProbe } from '../cold-start/probe-process';
import { median, ratio, type Sample, sampleOf } from '../statistics';
import type { Subject, SubjectName } from '../subjects';

const MB = 1024 * 1024;

export interface SubjectMemory {
  /** RSS in MB after the cold start and after each milestone, median over runs. */
  rssMb: Record<string, Sample>;
  /** RSS after the last milestone minus after the first, per run (MB). */
  growthMb: Sample;
  /** Statuses of the warm requests of the first run, to show they did the real work. */
  warmStatuses: Record<string, number>;
}

export interface MemoryResult {
  runs: number;
  milestones: number[];
  subjects: Partial<Record<SubjectName, SubjectMemory>>;
  /** Per function: RSS ratio to the empty handler (and to baseline b) at each milestone. */
  ratios: Partial<
    Record<SubjectName, { toEmpty: Record<string, number>; toDynamodbPut: Record<string, number> }>
  >;
}

export interface MemoryOptions {
  probe: string;
  env: NodeJS.ProcessEnv;
  runs: number;
  /** Request counts after which RSS is read, e.g. [1000, 10000]. */
  milestones: number[];
  progress(line: string): void;
}

export async function measureMemory(subjects: Subject[], options: MemoryOptions): Promise<MemoryResult> {
  const milestones = [...options.milestones].sort((a, b) => a - b);
  const points = ['coldStart', ...milestones.map(String)];
  const first = points[1] ?? 'coldStart';
  const last = points[points.length - 1] ?? 'coldStart';
  const result: MemoryResult = { runs: options.runs, milestones, subjects: {}, ratios: {} };
  const rss = new Map<SubjectName, Record<string, number>[]>();

  for (let round = 0; round < options.runs; round++) {
    for (const subject of subjects) {
      const tag = `${Math.random().toString(36).slice(2, 8)}-__N__`;
      const report = await runProbe({
        probe: options.probe,
        bundle: subject.bundle,
        eventTemplate: JSON.stringify(subject.eventFor(tag)),
        env: options.env,
        milestones,
      });
      const ok = Object.entries(report.warmStatuses).every(
        ([status]) => status === String(subject.expectStatus),
      );
      if (report.firstStatus !== subject.expectStatus || !ok) {
        throw new Error(
          `${subject.name} did not answer ${subject.routeKey} with ${subject.expectStatus} in the memory run: ` +
            `first ${report.firstStatus}, warm ${JSON.stringify(report.warmStatuses)}. ${report.firstBody}`,
        );
      }
      rss.set(subject.name, [...(rss.get(subject.name) ?? []), report.rss]);
      if (round === 0)
        result.subjects[subject.name] = {
          rssMb: {},
          growthMb: sampleOf([]),
          warmStatuses: report.warmStatuses,
        };
      options.progress(
        `memory ${round + 1}/${options.runs} ${subject.name.padEnd(11)} RSS ${points
          .map(
            (point) =>
              `${point === 'coldStart' ? 'cold' : point}: ${((report.rss[point] ?? 0) / MB).toFixed(1)} MB`,
          )
          .join(', ')}`,
      );
    }
  }

  const medianAt = (name: SubjectName, point: string) =>
    median((rss.get(name) ?? []).map((r) => r[point] ?? 0));
  for (const subject of subjects) {
    const runs = rss.get(subject.name) ?? [];
    const entry = result.subjects[subject.name];
    if (!entry) continue;
    for (const point of points) entry.rssMb[point] = sampleOf(runs.map((r) => (r[point] ?? 0) / MB));
    entry.growthMb = sampleOf(runs.map((r) => ((r[last] ?? 0) - (r[first] ?? 0)) / MB));
    if (subject.kind === 'function') {
      result.ratios[subject.name] = {
        toEmpty: Object.fromEntries(
          points.map((p) => [p, ratio(medianAt(subject.name, p), medianAt('empty', p))]),
        ),
        toDynamodbPut: Object.fromEntries(
          points.map((p) => [p, ratio(medianAt(subject.name, p), medianAt('dynamodbPut', p))]),
        ),
      };
    }
  }
  return result;
}
