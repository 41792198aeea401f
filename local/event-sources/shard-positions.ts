/**
 * Where each mapping is in each shard of the stream: the sequence number of the last record it
 * delivered (or gave up on), and the shards it read to their end. Lambda keeps an event source
 * mapping's position across pauses; the local stack keeps it in `$DATA_DIR/event-sources/<mapping>.json`,
 * so a restart of `npm start` goes on where it stopped rather than delivering the stream again. Without
 * a directory (tests) positions live in memory only. Positions of another stream (the table was
 * created again, or its stream turned off and on) are dropped.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

interface StoredPositions {
  streamArn: string;
  shards: Record<string, { after?: string; finished?: boolean }>;
}

export interface ShardPositions {
  /** The last sequence number delivered in the shard; undefined before the first. */
  after(shardId: string): string | undefined;
  finished(shardId: string): boolean;
  /** Whether the shard was ever seen (a shard first seen later is read from its start). */
  known(shardId: string): boolean;
  advance(shardId: string, sequenceNumber: string): Promise<void>;
  finish(shardId: string): Promise<void>;
}

export async function openShardPositions(
  directory: string | undefined,
  mappingId: string,
  streamArn: string,
): Promise<ShardPositions> {
  const file = directory ? join(directory, `${mappingId}.json`) : undefined;
  let stored: StoredPositions = { streamArn, shards: {} };
  if (file) {
    await mkdir(directory as string, { recursive: true });
    const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    const previous = text ? (JSON.parse(text) as StoredPositions) : undefined;
    if (previous?.streamArn === streamArn) stored = previous;
  }
  let saving = Promise.resolve();
  const save = () => {
    if (!file) return Promise.resolve();
    // One write at a time, whole file to a temporary one renamed over the old: never half written.
    saving = saving.then(async () => {
      await writeFile(`${file}.tmp`, JSON.stringify(stored));
      await rename(`${file}.tmp`, file);
    });
    return saving;
  };
  const shard = (id: string) => {
    stored.shards[id] ??= {};
    return stored.shards[id];
  };
  return {
    after: (id) => stored.shards[id]?.after,
    finished: (id) => stored.shards[id]?.finished === true,
    known: (id) => id in stored.shards,
    advance: (id, sequenceNumber) => {
      shard(id).after = sequenceNumber;
      return save();
    },
    finish: (id) => {
      shard(id).finished = true;
      return save();
    },
  };
}
