/**
 * `npm run bench`: runs the benchmarks, prints what it measures as it goes (stderr) and a table per
 * benchmark with the budgets' verdicts (stdout), and writes bench/results.json, from which
 * `npm run bench:readme` renders the tables of bench/README.md.
 *
 *   npm run bench                         the full counts (ten minutes or more on two cores)
 *   npm run bench -- --quick              7 cold-start rounds, 2-3 s load runs (about half the time)
 *   npm run bench -- --smoke              tiny counts, no end to end: checks the harness works
 *   npm run bench -- --e2e-seconds=5 --cold-start-runs=9 --no-e2e --no-gateway --out=/tmp/results.json
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PROJECT_ROOT } from '../paths';
import { runBenchmarks } from './benchmarks';
import { type BenchOptions, fullRun, smokeRun } from './options';
import { budgetSummary, renderConsole, tablesOf } from './report';

const { values } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    quick: { type: 'boolean', default: false },
    'no-e2e': { type: 'boolean', default: false },
    'no-gateway': { type: 'boolean', default: false },
    'e2e-seconds': { type: 'string' },
    'cold-start-runs': { type: 'string' },
    out: { type: 'string', default: join(PROJECT_ROOT, 'bench', 'results.json') },
  },
});

const options: BenchOptions = structuredClone(values.smoke ? smokeRun : fullRun);
if (values.quick) {
  Object.assign(options, { coldStartRuns: 7 });
  options.gateway = { connections: 10, seconds: 2, runs: 3 };
  options.endToEnd = { connections: 10, seconds: 3, runs: 5 };
}
if (values['no-gateway']) options.gateway = false;
if (values['no-e2e']) options.endToEnd = false;
if (values['e2e-seconds'] && options.endToEnd) options.endToEnd.seconds = Number(values['e2e-seconds']);
if (values['cold-start-runs']) options.coldStartRuns = Number(values['cold-start-runs']);

const started = performance.now();
const progress = (line: string) => {
  const elapsed = ((performance.now() - started) / 1000).toFixed(0).padStart(4);
  process.stderr.write(`[${elapsed} s] ${line}\n`);
};

try {
  const results = await runBenchmarks(options, progress);
  await writeFile(values.out, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`\n${renderConsole(tablesOf(results))}\n\n${budgetSummary(results.budgets)}\n`);
  const during = results.machine.loadAverageDuring;
  if (during) {
    progress(
      `load average on ${results.machine.cpus} CPUs: ${during.mean} on average, ${during.max} at most (other work makes every figure noisier)`,
    );
  }
  progress(`wrote ${values.out}; \`npm run bench:readme\` puts it into bench/README.md`);
} catch (error) {
  process.stderr.write(
    `\nThe benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exitCode = 1;
}
