/**
 * Runs the warm benchmark in a child process on a bundle of ./warm-child.ts, made by the build's own
 * `bundleFunction` (so the handler, the hand-written baseline and the in-memory table are minified
 * like the deployed code), and forwards its progress lines.
 */
import { spawn } from 'node:child_process';
import { bundleFixture } from '../bundles';
import type { WarmResult } from './warm-overhead';

export interface WarmProcessOptions {
  requests: number;
  runs: number;
  /** Where the bundle goes. */
  workDir: string;
  /** The environment the store reads at import (table name, endpoints). */
  env: NodeJS.ProcessEnv;
  progress(line: string): void;
}

export async function measureWarmOverheadInBundle(options: WarmProcessOptions): Promise<WarmResult> {
  const bundle = await bundleFixture('bench/warm/warm-child.ts', options.workDir, 'warm');
  const child = spawn(process.execPath, [bundle], {
    env: {
      ...options.env,
      BENCH_WARM_OPTIONS: JSON.stringify({ requests: options.requests, runs: options.runs }),
      NODE_OPTIONS: '',
      NODE_NO_WARNINGS: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk;
    const lines = stderr.split('\n');
    stderr = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) options.progress(line);
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  const line = stdout.split('\n').find((candidate) => candidate.startsWith('BENCH_WARM '));
  if (code !== 0 || !line) {
    throw new Error(
      `The warm benchmark failed (exit code ${code}).\n${stderr.slice(-2000)}${stdout.slice(-1000)}`,
    );
  }
  return JSON.parse(line.slice('BENCH_WARM '.length)) as WarmResult;
}
