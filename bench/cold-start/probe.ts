/**
 * The child program of the cold-start and memory benchmarks. Run as plain `node probe.mjs <bundle>`
 * (compiled from this file, so no loader sits between Node and the bundle), it imports one bundle,
 * serves one request and reports how long that took from process start, then optionally serves warm
 * requests and reports its resident memory after each milestone.
 *
 * Input (environment): BENCH_EVENT, a payload-v2 event as JSON in which every `__N__` is replaced by
 * the request number (so each request can create a distinct user or todo); BENCH_MILESTONES, request
 * counts such as `1000,10000` after which memory is read. Output: one line `BENCH_RESULT <json>` on
 * stdout, after whatever the function logged.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { getHeapSpaceStatistics } from 'node:v8';

interface LambdaResult {
  statusCode?: number;
  body?: string;
}
type Handler = (event: unknown, context: unknown) => Promise<LambdaResult>;

const [bundle, exportName = 'handler'] = process.argv.slice(2);
if (!bundle) throw new Error('usage: node probe.mjs <bundle.mjs> [export name]');
const template = process.env.BENCH_EVENT ?? '{}';
const milestones = (process.env.BENCH_MILESTONES ?? '')
  .split(',')
  .filter(Boolean)
  .map(Number)
  .sort((a, b) => a - b);

const eventAt = (n: number): unknown => JSON.parse(template.replaceAll('__N__', String(n)));
const contextAt = (n: number) => ({
  awsRequestId: `bench-${n}`,
  functionName: 'bench',
  functionVersion: '$LATEST',
  memoryLimitInMB: '512',
  callbackWaitsForEmptyEventLoop: false,
  getRemainingTimeInMillis: () => 29_000,
});

/**
 * Memory after a full collection, so garbage that is merely uncollected does not count: the resident
 * set, the live JavaScript heap (what a leak would grow) and the young generation's reserved size
 * (V8 grows it under allocation pressure and keeps it, which raises RSS without retaining anything).
 */
function settledMemory(): { rss: number; heapUsed: number; newSpace: number } {
  (globalThis as { gc?: () => void }).gc?.();
  const { rss, heapUsed } = process.memoryUsage();
  const newSpace =
    getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0;
  return { rss, heapUsed, newSpace };
}

const firstEvent = eventAt(0);
const importStart = performance.now();
const module = (await import(pathToFileURL(bundle).href)) as Record<string, Handler>;
const imported = performance.now();
const handler = module[exportName];
if (typeof handler !== 'function') throw new Error(`${bundle} exports no function named ${exportName}`);
const first = await handler(firstEvent, contextAt(0));
// performance.now() counts from the process's time origin, i.e. from process start.
const firstResponse = performance.now();
// CPU time of the whole process so far: the work, without the waiting a busy machine adds.
const cpu = process.cpuUsage();

const rss: Record<string, number> = {};
const heapUsed: Record<string, number> = {};
const newSpace: Record<string, number> = {};
const record = (point: string) => {
  const memory = settledMemory();
  rss[point] = memory.rss;
  heapUsed[point] = memory.heapUsed;
  newSpace[point] = memory.newSpace;
};
record('coldStart');
const statuses: Record<string, number> = {};
let served = 0;
for (const milestone of milestones) {
  for (; served < milestone; served++) {
    const result = await handler(eventAt(served + 1), contextAt(served + 1));
    const key = String(result.statusCode ?? 200);
    statuses[key] = (statuses[key] ?? 0) + 1;
  }
  record(String(milestone));
}

const report = {
  bootstrapMs: performance.nodeTiming.bootstrapComplete,
  importStartMs: importStart,
  importMs: imported - importStart,
  firstRequestMs: firstResponse - imported,
  totalMs: firstResponse,
  cpuMs: (cpu.user + cpu.system) / 1000,
  firstStatus: first.statusCode ?? 200,
  firstBody: (first.body ?? '').slice(0, 120),
  warmStatuses: statuses,
  rss,
  heapUsed,
  newSpace,
};
// The SDK's keep-alive sockets would hold the process open: leave once the report is out.
process.stdout.write(`\nBENCH_RESULT ${JSON.stringify(report)}\n`, () => process.exit(0));
