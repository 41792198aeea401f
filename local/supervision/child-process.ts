/**
 * What the stack keeps of a dependency's child process (java, the local S3): the end of its output,
 * for a message about why it ended; a promise of its end, whatever ended it; a stop that asks
 * (SIGTERM) and then insists (SIGKILL after 5 s); and a backstop that kills it when the stack's own
 * process exits without stopping it (a crash, process.exit), so it never outlives the stack.
 */
import type { ChildProcess } from 'node:child_process';
import type { ProcessExit } from './supervisor';

/** Enough to show an exception's head; all of it would grow for as long as the process runs. */
const KEPT_OUTPUT_CHARS = 8_000;
const STOP_GRACE_MS = 5_000;

export interface TrackedChild {
  exited: Promise<ProcessExit>;
  /** The end of what it printed so far, stdout and stderr together. */
  output(): string;
  stop(): Promise<void>;
}

export function trackChild(child: ChildProcess): TrackedChild {
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk).slice(-KEPT_OUTPUT_CHARS);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<ProcessExit>((resolve) => {
    child.once('exit', (code, signal) => {
      process.off('exit', killOnExit);
      resolve({ code, signal, output });
    });
  });
  return {
    exited,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
        child.kill('SIGTERM');
        await exited;
        clearTimeout(timer);
      }
      await exited;
    },
  };
}
