/**
 * The local stack's failures say what went wrong and what to do, and leave nothing running.
 */

import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { DataDirInUseError, lockDataDir } from '../../local/stack/data-dir-lock';
import { listen, PortInUseError } from '../../local/stack/listen';
import { startLocalStack } from '../../local/stack/local-stack';

let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'swiftyplanner-errors-'));
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('local stack errors', () => {
  it('names the taken port and how to choose another, before starting anything', async () => {
    // Prepare
    const occupant: Server = createServer();
    const port = await listen(occupant, 0, 'the occupant');
    onTestFinished(() => {
      occupant.close();
    });

    // Act
    const starting = startLocalStack({ port, dataDir });

    // Assess
    await expect(starting).rejects.toThrow(PortInUseError);
    await expect(starting).rejects.toThrow(`Port ${port} (the local API) is already in use`);
    await expect(starting).rejects.toThrow(`PORT=${port + 1} npm start`);
  });

  it('refuses a second stack on a DATA_DIR in use, and takes over a stale lock', async () => {
    // Prepare
    const release = await lockDataDir(dataDir);

    // Act + Assess
    await expect(lockDataDir(dataDir)).rejects.toThrow(DataDirInUseError);
    await expect(lockDataDir(dataDir)).rejects.toThrow(/DATA_DIR=\.data-2 PORT=3001 npm start/);
    await release();

    await writeFile(join(dataDir, 'stack.pid'), '999999999'); // a process that does not exist
    const again = await lockDataDir(dataDir);
    await again();
  });

  it.each([
    ['a free DATA_DIR', undefined],
    ['a DATA_DIR with a stale lock', '999999999'],
  ])('gives %s to exactly one of several stacks starting at once', async (_, stalePid) => {
    // Prepare
    const directory = await mkdtemp(join(dataDir, 'race-'));
    if (stalePid) await writeFile(join(directory, 'stack.pid'), stalePid);

    // Act
    const attempts = await Promise.allSettled(Array.from({ length: 8 }, () => lockDataDir(directory)));

    // Assess: one holder; every other start is refused with the error that says what to do
    const granted = attempts.filter((attempt) => attempt.status === 'fulfilled');
    const refused = attempts.filter((attempt) => attempt.status === 'rejected');
    expect(granted).toHaveLength(1);
    for (const attempt of refused) expect(attempt.reason).toBeInstanceOf(DataDirInUseError);
    expect(await readFile(join(directory, 'stack.pid'), 'utf8')).toBe(String(process.pid));
    for (const attempt of granted) await attempt.value();
    expect(await readdir(directory)).toEqual([]);
  });
});
