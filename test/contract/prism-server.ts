/**
 * Starts Prism the way `npm run mock` does (`prism mock openapi/openapi.yaml -h 127.0.0.1 -p <port>`), as a
 * single child process the tests own and stop.
 */
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { freePort } from '../../local/stack/free-port';
import { PROJECT_ROOT } from '../../paths';

const prismCli = join(PROJECT_ROOT, 'node_modules', '@stoplight', 'prism-cli', 'dist', 'index.js');

export interface PrismMock {
  url: string;
  pid: number;
  /** Stops Prism and waits until the process is gone. */
  stop(): Promise<void>;
}

export async function startPrismMock(
  document = 'openapi/openapi.yaml',
  readyWithinMs = 60_000,
): Promise<PrismMock> {
  const port = await freePort();
  // The CLI itself, not the .bin shim or npx: one process, so stopping it leaves no orphan behind.
  const child = spawn(process.execPath, [prismCli, 'mock', document, '-h', '127.0.0.1', '-p', String(port)], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stop = () => stopProcess(child);
  try {
    await listening(child, readyWithinMs);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `http://127.0.0.1:${port}`, pid: child.pid ?? -1, stop };
}

/** Resolves once Prism logs that it listens; rejects with its output if it exits or stays silent. */
function listening(child: ChildProcessByStdio<null, Readable, Readable>, withinMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Prism is listening on')) settle();
    };
    const onExit = (code: number | null) =>
      settle(new Error(`Prism exited (code ${code}) before listening:\n${output}`));
    const timer = setTimeout(
      () => settle(new Error(`Prism was not listening after ${withinMs} ms:\n${output}`)),
      withinMs,
    );
    function settle(error?: Error) {
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.stderr.off('data', onData);
      child.off('exit', onExit);
      // Keep draining its output so Prism never blocks on a full pipe.
      child.stdout.resume();
      child.stderr.resume();
      if (error) reject(error);
      else resolve();
    }
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', onExit);
  });
}

async function stopProcess(child: ChildProcessByStdio<null, Readable, Readable>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}
