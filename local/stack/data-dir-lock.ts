/**
 * One stack per DATA_DIR: two DynamoDB Local processes on the same database file would corrupt it.
 * The lock is a pid file; a stale one (its process is gone, e.g. after a kill -9) is taken over.
 *
 * Several stacks can start at the same moment, so neither step may leave a window:
 *   create     ./exclusive-file.ts: stack.pid appears with our pid in it (never empty, never
 *              half-written), and only if there is none.
 *   take over  only the holder of stack.pid.takeover (created the same way) may delete a stale
 *              stack.pid. A stale file can change only by being deleted, so while we hold the
 *              takeover lock, "it still holds the dead pid" stays true until we delete it:
 *
 *     starter A                              starter B
 *     stack.pid exists, pid 123 is dead      stack.pid exists, pid 123 is dead
 *     link → stack.pid.takeover  ✓           link → stack.pid.takeover  ✗ (A holds it)
 *     stack.pid still says 123: unlink       → DataDirInUseError: A is starting
 *     unlink stack.pid.takeover
 *     link → stack.pid  ✓  (or ✗ if C created one first: C holds it, A gets DataDirInUseError)
 */
import { mkdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { createExclusively } from './exclusive-file';

export class DataDirInUseError extends Error {
  override name = 'DataDirInUseError';
}

const ATTEMPTS = 5;

export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  await mkdir(dataDir, { recursive: true });
  const file = join(dataDir, 'stack.pid');
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (await createExclusively(file, String(process.pid))) {
      return async () => {
        await unlink(file).catch(() => undefined);
      };
    }
    const holder = await readPid(file);
    if (holder === undefined) continue; // released in between: try again
    if (isAlive(holder)) throw inUse(dataDir, holder);
    await removeStaleLock(file, holder, dataDir);
  }
  throw new DataDirInUseError(`Could not lock ${file}; remove it if no local stack is running.`);
}

async function removeStaleLock(file: string, stalePid: number, dataDir: string): Promise<void> {
  const takeover = `${file}.takeover`;
  if (!(await createExclusively(takeover, String(process.pid)))) {
    const taker = await readPid(takeover);
    if (taker !== undefined && isAlive(taker)) throw inUse(dataDir, taker);
    // Its taker died within the few milliseconds it holds it; or it is gone already.
    await unlink(takeover).catch(() => undefined);
    return;
  }
  try {
    if ((await readPid(file)) === stalePid) await unlink(file);
  } finally {
    await unlink(takeover);
  }
}

/** The pid of the local stack running on `dataDir`, or undefined when none is. */
export async function stackRunningOn(dataDir: string): Promise<number | undefined> {
  const pid = await readPid(join(dataDir, 'stack.pid'));
  return pid !== undefined && isAlive(pid) ? pid : undefined;
}

/** The pid in a lock file; 0 for content that is not a pid; undefined when the file is gone. */
async function readPid(file: string): Promise<number | undefined> {
  try {
    const pid = Number((await readFile(file, 'utf8')).trim());
    return Number.isInteger(pid) && pid > 0 ? pid : 0;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function isAlive(pid: number): boolean {
  if (pid <= 0) return false; // kill(0) would signal our own process group
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function inUse(dataDir: string, pid: number): DataDirInUseError {
  return new DataDirInUseError(
    `Another local stack (pid ${pid}) is using DATA_DIR ${dataDir}. Stop it, or give this one ` +
      'its own directory: DATA_DIR=.data-2 PORT=3001 npm start',
  );
}
