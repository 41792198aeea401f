/**
 * Runs the probe (./probe.ts) in a fresh Node process and reads its report. The probe is compiled to
 * plain `.mjs` once per bench run, so the child is `node probe.mjs bundle.mjs`: nothing but Node
 * itself sits between process start and the bundle, as on Lambda.
 */
import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { transform } from 'esbuild';
import { PROJECT_ROOT } from '../../paths';

export interface ProbeReport {
  bootstrapMs: number;
  importStartMs: number;
  importMs: number;
  firstRequestMs: number;
  totalMs: number;
  /** User + system CPU time of the process from start to the first response. */
  cpuMs: number;
  firstStatus: number;
  firstBody: string;
  warmStatuses: Record<string, number>;
  /** Resident set size in bytes after a full GC: `coldStart`, then per milestone (`"1000"`). */
  rss: Record<string, number>;
  /** Live JavaScript heap after a full GC, same points. */
  heapUsed: Record<string, number>;
  /** Reserved size of V8's young generation, same points. */
  newSpace: Record<string, number>;
}

export interface ProbeRun {
  probe: string;
  bundle: string;
  /** The event as JSON; `__N__` is replaced by the request number in the child. */
  eventTemplate: string;
  env: NodeJS.ProcessEnv;
  milestones?: number[];
}

export async function compileProbe(workDir: string): Promise<string> {
  const source = await readFile(join(PROJECT_ROOT, 'bench/cold-start/probe.ts'), 'utf8');
  const { code } = await transform(source, { loader: 'ts', format: 'esm', target: 'node20' });
  const probe = join(workDir, 'probe.mjs');
  await writeFile(probe, code);
  return probe;
}

export function runProbe(run: ProbeRun): Promise<ProbeReport> {
  const env: NodeJS.ProcessEnv = {
    ...run.env,
    BENCH_EVENT: run.eventTemplate,
    BENCH_MILESTONES: (run.milestones ?? []).join(','),
    // A loader the parent runs under (tsx, vitest) must not reach the child.
    NODE_OPTIONS: '',
    // The SDK warns about Node 20 at import; Lambda runs Node 22, where it stays silent.
    NODE_NO_WARNINGS: '1',
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', run.probe, run.bundle], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      const line = stdout.split('\n').find((candidate) => candidate.startsWith('BENCH_RESULT '));
      if (code !== 0 || !line) {
        reject(
          new Error(
            `The cold-start probe failed on ${run.bundle} (exit code ${code}).\n${stderr.slice(-2000)}${stdout.slice(-1000)}`,
          ),
        );
        return;
      }
      resolve(JSON.parse(line.slice('BENCH_RESULT '.length)) as ProbeReport);
    });
  });
}
