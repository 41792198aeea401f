/**
 * The supervisor of the local stack's dependencies, over real processes (small node programs that
 * wait to be killed): a process killed with SIGKILL is reported and started again, one that keeps
 * dying is given up with a message naming it, and stop() leaves nothing running.
 */
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DependencyFailedError,
  type ProcessExit,
  type SupervisedProcess,
  type Supervisor,
  type SupervisorOptions,
  supervise,
} from '../../local/supervision/supervisor';
import { isRunning, signal } from './support/processes';

/** A process that prints `output`, then runs until it is killed. */
async function startWaiter(output = 'waiting\n'): Promise<SupervisedProcess> {
  const child = spawn(process.execPath, [
    '-e',
    `process.stdout.write(${JSON.stringify(output)}); setInterval(() => {}, 1000)`,
  ]);
  let printed = '';
  const exited = new Promise<ProcessExit>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal, output: printed }));
  });
  // Started once it printed: the same readiness the real dependencies wait for.
  await new Promise<void>((resolve) =>
    child.stdout.on('data', (chunk) => {
      printed += chunk;
      resolve();
    }),
  );
  return {
    pid: child.pid,
    exited,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const started: SupervisedProcess[] = [];
const supervisors: Supervisor<SupervisedProcess>[] = [];

afterEach(async () => {
  await Promise.all(supervisors.splice(0).map((supervisor) => supervisor.stop()));
  for (const process of started.splice(0)) expect(isRunning(process.pid)).toBe(false);
});

/** A supervised waiter, with what it reported and what it gave up with. */
async function supervised(overrides: Partial<SupervisorOptions<SupervisedProcess>> = {}) {
  const messages: string[] = [];
  const giveUps: DependencyFailedError[] = [];
  let restarts = 0;
  const start = async () => {
    const process = await startWaiter(`launch ${started.length + 1}\n`);
    started.push(process);
    return process;
  };
  const supervisor = supervise(await start(), {
    name: 'the waiter',
    where: 'port 1 with the data in /nowhere',
    restart: async () => {
      restarts++;
      return start();
    },
    report: (message) => messages.push(message),
    onGiveUp: (error) => giveUps.push(error),
    giveUpHint: 'Look at it, then start again.',
    ...overrides,
  });
  supervisors.push(supervisor);
  return { supervisor, messages, giveUps, restarts: () => restarts };
}

describe('supervise', () => {
  it('starts a process killed with SIGKILL again and says what happened as it happens', async () => {
    // Prepare
    const { supervisor, messages, restarts } = await supervised();
    const first = supervisor.current.pid;

    // Act
    signal(first, 'SIGKILL');
    await until(() => supervisor.current.pid !== first, 'the restart');

    // Assess
    const second = supervisor.current.pid;
    expect(isRunning(first)).toBe(false);
    expect(isRunning(second)).toBe(true);
    expect(restarts()).toBe(1);
    expect(messages).toEqual([
      `The waiter (pid ${first}) was killed by SIGKILL.`,
      'Restarting the waiter on port 1 with the data in /nowhere (restart 1 of 3 within 5 min)...',
      expect.stringMatching(new RegExp(`^The waiter is back \\(pid ${second}, \\d+\\.\\d s\\)\\.$`)),
    ]);
  });

  it('gives up once it died more often than the limit allows, naming it, how it died and what to do', async () => {
    // Prepare
    const { supervisor, messages, giveUps, restarts } = await supervised({
      limit: { restarts: 2, withinMs: 60_000 },
    });

    // Act: three deaths, each of the process running then
    for (let death = 1; death <= 3; death++) {
      const pid = supervisor.current.pid;
      signal(pid, 'SIGKILL');
      await until(() => supervisor.current.pid !== pid || giveUps.length > 0, `death ${death} handled`);
    }

    // Assess: two restarts, then one give-up, and nothing runs
    expect(restarts()).toBe(2);
    expect(giveUps).toHaveLength(1);
    expect(giveUps[0]).toBeInstanceOf(DependencyFailedError);
    expect(giveUps[0]?.message).toBe(
      'The waiter keeps dying: 2 restarts within 1 min did not keep it up (the last time it was killed ' +
        'by SIGKILL). The local stack stops instead of answering 503 for good. Look at it, then start ' +
        'again.\nIts last output:\n    launch 3',
    );
    expect(messages.at(-1)).toBe(giveUps[0]?.message);
    expect(started.map((process) => isRunning(process.pid))).toEqual([false, false, false]);
  });

  it('counts a restart that fails as one, and says why it failed', async () => {
    // Prepare: the restart fails (a port still held, say)
    const { supervisor, messages, giveUps } = await supervised({
      limit: { restarts: 1, withinMs: 60_000 },
      restart: async () => {
        throw new Error('Port 1 is in use.');
      },
    });

    // Act
    signal(supervisor.current.pid, 'SIGKILL');
    await until(() => giveUps.length > 0, 'the give-up');

    // Assess
    expect(messages).toContain('The waiter did not start again: Port 1 is in use.');
    expect(giveUps[0]?.message).toMatch(
      /^The waiter keeps dying: 1 restart within 1 min did not keep it up \(the last time it did not start again\)\..*\nIts last output:\n {4}Port 1 is in use\.$/s,
    );
  });

  it('restarts nothing after stop(), which ends the process it runs', async () => {
    // Prepare
    const { supervisor, messages, restarts } = await supervised();
    const pid = supervisor.current.pid;

    // Act
    await supervisor.stop();
    await new Promise((resolve) => setTimeout(resolve, 200));

    // Assess
    expect(isRunning(pid)).toBe(false);
    expect(restarts()).toBe(0);
    expect(messages).toEqual([]);
  });

  it('stops the process a restart was starting when stop() came in the middle of it', async () => {
    // Prepare: a restart that takes a moment
    let restarting: (() => void) | undefined;
    const { supervisor } = await supervised({
      restart: async () => {
        await new Promise<void>((resolve) => {
          restarting = resolve;
        });
        const process = await startWaiter();
        started.push(process);
        return process;
      },
    });

    // Act
    signal(supervisor.current.pid, 'SIGKILL');
    await until(() => restarting !== undefined, 'the restart to begin');
    const stopped = supervisor.stop();
    restarting?.();
    await stopped;

    // Assess: the process the restart started is gone too (afterEach checks every one)
    expect(started).toHaveLength(2);
    expect(isRunning(started[1]?.pid)).toBe(false);
  });
});
