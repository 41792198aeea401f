/**
 * `npm start` (local/start.ts in its own process) when its dependencies die: it prints what happened
 * as it happens and heals; when one keeps dying it exits with code 1 and a message saying what died
 * and what to do. The processes are found as a developer would find them: the children of the stack.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NpmStart, startNpmStart } from './support/npm-start-process';
import { isRunning, signal, waitFor } from './support/processes';

let stack: NpmStart;

/** The stack's child process whose command line contains `marker` (`java`, `s3-process-entry`). */
function childPid(marker: string): number | undefined {
  const tasks = `/proc/${stack.child.pid}/task`;
  const children = readFileSync(`${tasks}/${stack.child.pid}/children`, 'utf8')
    .trim()
    .split(/\s+/)
    .map(Number);
  return children.find((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker);
    } catch {
      return false;
    }
  });
}

const health = () =>
  fetch(`${stack.url}/health`, { signal: AbortSignal.timeout(20_000) }).then((response) => response.status);

beforeAll(async () => {
  stack = await startNpmStart('swiftyplanner-npm-start-deps-');
}, 150_000);

afterAll(() => stack?.stop(), 60_000);

describe('npm start when a dependency dies', () => {
  it('prints that DynamoDB Local was killed, restarts it, says it is back, and answers again', async () => {
    // Prepare
    const java = childPid('java');

    // Act
    signal(java, 'SIGKILL');
    await waitFor(() => !isRunning(java), 'the killed java to be gone', 10_000);
    await waitFor(
      () => stack.stderr.includes('DynamoDB Local is back'),
      'the message that java is back',
      180_000,
    );
    // (test/local/dependency-restart.e2e.test.ts shows the 503 while it is down)
    await waitFor(async () => (await health()) === 200, 'GET /health to answer 200 again');

    // Assess
    const restarted = childPid('java');
    expect(restarted).not.toBe(java);
    expect(stack.stderr).toContain(
      `DynamoDB Local (pid ${java}) was killed by SIGKILL.\nRestarting DynamoDB Local on port`,
    );
    expect(stack.stderr).toContain(`DynamoDB Local is back (pid ${restarted},`);
    expect(stack.exitCode).toBeUndefined();
  }, 240_000);

  it('exits with code 1 and says what died and what to do when the local S3 keeps dying', async () => {
    // Act: kill the local S3 each time it is back, until the stack gives up (3 restarts allowed)
    const killed: number[] = [];
    for (let death = 1; death <= 4; death++) {
      const pid = await waitFor(() => {
        const current = childPid('s3-process-entry');
        return current !== undefined && !killed.includes(current) && current;
      }, `the local S3 to be up for death ${death}`);
      killed.push(signal(pid, 'SIGKILL'));
      if (death < 4)
        await waitFor(
          () =>
            stack.stderr.includes(`The local S3 is back`) &&
            stack.stderr.split('The local S3 is back').length > death,
          `restart ${death}`,
        );
    }
    await waitFor(() => stack.exitCode !== undefined, 'npm start to exit', 60_000);

    // Assess
    expect(stack.exitCode).toBe(1);
    expect(stack.stderr).toContain(
      'The local S3 keeps dying: 3 restarts within 5 min did not keep it up (the last time it was killed by ' +
        'SIGKILL). The local stack stops instead of answering 503 for good. Read its last output (below)',
    );
    expect(stack.stderr).toContain(
      `${join(stack.dataDir, 's3')} removed or unreadable. Then start the stack again (npm start).`,
    );
    expect(killed.every((pid) => !isRunning(pid))).toBe(true);
    await expect(fetch(`${stack.url}/health`)).rejects.toThrow();
  }, 240_000);
});
