/**
 * What a test that injects a fault into a process needs to show that the fault fired: the state the
 * kernel reports for a pid (`/proc/<pid>/status`), and waiting for a condition with a deadline.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/**
 * The pid's state as /proc says it: `R (running)`, `S (sleeping)`, `T (stopped)`, ...; `gone` when
 * the process no longer exists or is a zombie (it ended and only waits to be reaped).
 */
export function processState(pid: number | undefined): string {
  if (!pid) return 'gone';
  try {
    const state = /^State:\s+(.+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 'gone';
    return state.startsWith('Z') ? 'gone' : state;
  } catch {
    return 'gone';
  }
}

export const isRunning = (pid: number | undefined): boolean => processState(pid) !== 'gone';

/** Polls `condition` every 100 ms until it holds; throws naming `what` after `timeoutMs`. */
export async function waitFor<T>(
  condition: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Still not so after ${timeoutMs / 1000} s: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * `process.kill` for one known process: a missing pid must fail the test, never become
 * `process.kill(0)`, which signals the test runner's whole process group.
 */
export function signal(pid: number | undefined, name: NodeJS.Signals): number {
  if (!pid || pid <= 0) throw new Error(`No process to send ${name} to (pid ${pid}).`);
  process.kill(pid, name);
  return pid;
}

/**
 * Takes `port` on 127.0.0.1 the moment it is free (a killed process's socket closes as it exits) and
 * resets every connection to it: a dependency restarted there fails to bind, so its outage lasts
 * until `release()`, however fast the machine restarts it.
 */
export async function holdPort(port: number): Promise<{ release(): Promise<void> }> {
  const server = createServer((socket) => socket.resetAndDestroy());
  const deadline = Date.now() + 10_000;
  for (;;) {
    const listening = await new Promise<boolean>((resolve) => {
      const refused = () => resolve(false);
      server.once('error', refused);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', refused);
        resolve(true);
      });
    });
    if (listening) break;
    if (Date.now() > deadline) throw new Error(`Port ${port} was still taken after 10 s.`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return { release: () => new Promise((resolve) => server.close(() => resolve())) };
}
