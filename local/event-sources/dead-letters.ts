/**
 * The local on-failure destination of the stream mappings: where Lambda would send a batch's
 * invocation record to the template's SQS queue, the local stack appends it to
 * `$DATA_DIR/dead-letters/<queue>.jsonl` (one JSON record a line) and says so on stderr, so a batch
 * given up on is reported and kept, never lost silently. Without a directory (tests) records are
 * kept in memory only.
 */
import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { StreamInvocationRecord } from './batch-delivery';

export interface DeadLetter {
  mappingId: string;
  /** The on-failure destination's logical id; undefined when the mapping has none (AWS drops the batch). */
  destination: string | undefined;
  record: StreamInvocationRecord;
  /** Why the last invocation failed. */
  reason: string;
}

export interface DeadLetters {
  readonly received: readonly DeadLetter[];
  add(letter: DeadLetter): Promise<void>;
}

export function createDeadLetters(
  directory: string | undefined,
  report: (message: string) => void,
): DeadLetters {
  const received: DeadLetter[] = [];
  return {
    received,
    async add(letter) {
      received.push(letter);
      const { mappingId, destination, record, reason } = letter;
      const info = record.DDBStreamBatchInfo;
      const what =
        `${mappingId} gave up on ${info.batchSize} record(s) of ${info.shardId} ` +
        `(${info.startSequenceNumber}…${info.endSequenceNumber}), ${record.requestContext.condition} after ` +
        `${record.requestContext.approximateInvokeCount} invocation(s); last failure: ${reason.split('\n')[0]}`;
      if (!destination) {
        report(`${what}. The mapping has no on-failure destination: on AWS the records would be dropped.`);
        return;
      }
      if (!directory) {
        report(`${what}. Sent to ${destination}.`);
        return;
      }
      await mkdir(directory, { recursive: true });
      const file = join(directory, `${destination}.jsonl`);
      await appendFile(file, `${JSON.stringify(record)}\n`);
      report(`${what}. Recorded in ${file} (the template's ${destination}).`);
    },
  };
}
