/**
 * One stack per DATA_DIR: two DynamoDB Local processes on the same database file would corrupt it.
 * The lock is a pid file; a stale one (its process is gone, e.g. after a kill -9) is taken over.
 */
import { mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export class DataDirInUseError extends Error {
  override name = 'DataDirInUseError';
}

export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  await mkdir(dataDir, { recursive: true });
  const file = join(dataDir, 'stack.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(file, String(process.pid), { flag: 'wx' });
      return async () => {
        await unlink(file).catch(() => undefined);
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(await readFile(file, 'utf8').catch(() => ''));
      if (holder && isAlive(holder)) {
        throw new DataDirInUseError(
          `Another local stack (pid ${holder}) is using DATA_DIR ${dataDir}. Stop it, or give this one ` +
            'its own directory: DATA_DIR=.data-2 PORT=3001 npm start',
        );
      }
      await unlink(file).catch(() => undefined); // stale: its process is gone
    }
  }
  throw new DataDirInUseError(`Could not lock ${file}; remove it if no local stack is running.`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
