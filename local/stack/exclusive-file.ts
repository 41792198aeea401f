/**
 * Creates a file only if it does not exist yet, with its whole content from the first moment: the
 * content goes to a file of our own, which link() then puts in place (link fails if the name is
 * taken). Several processes racing for one name (two `npm start`s, parallel test workers) see
 * either nothing or a complete file, and exactly one of them wins.
 */
import { randomUUID } from 'node:crypto';
import { link, unlink, writeFile } from 'node:fs/promises';

/** True when this call created `file`; false when it already existed (and was left as it was). */
export async function createExclusively(file: string, content: string, mode = 0o644): Promise<boolean> {
  // Unique per call, not per process: two callers in one process must not share (and overwrite) it.
  const ours = `${file}.${process.pid}.${randomUUID()}.tmp`;
  await writeFile(ours, content, { mode });
  try {
    await link(ours, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(ours);
  }
}
