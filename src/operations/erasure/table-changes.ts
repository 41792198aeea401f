/**
 * What the erasure function does with a batch of the table's changes (infra/template.yaml's
 * ErasureFunctionTableChanges: DynamoDB Streams → Lambda, keys only, filtered to erasure requests and
 * attachment records; the local stack delivers the same batches, local/event-sources/):
 *
 *   PK ERASURE#<sub>, any change          → the next step of that erasure (./erasure-steps.ts),
 *                                           once per user however many of its changes the batch holds
 *   SK ATT#<todoId>#<attachmentId>, REMOVE → the attachment's file goes (../attachments/removed-records.ts)
 *   anything else (an attachment created or marked uploaded, a key this code did not make) → nothing
 *
 * Batches hold at most 25 records (BatchSize), so a batch of erasures alone is at most 5 rounds of
 * steps, well within the function's timeout. Every user of the batch is handled even when one fails,
 * so a failing erasure holds up no other;
 * then the batch fails if any did, and the mapping retries it (splitting it first, so the failing
 * records end up alone). Every step is safe to repeat. One log line per batch.
 */
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { takeColdStart } from '../../aws/cold-start';
import { logger } from '../../http/request-log';
import { attachmentOfRecordKey, subOfErasureKey, type TableKey } from '../../store/keys';
import { type RemovedAttachment, removeFilesOfRemovedAttachments } from '../attachments/removed-records';
import { advanceErasure } from './erasure-steps';

function keyOf(record: DynamoDBRecord): TableKey | undefined {
  const pk = record.dynamodb?.Keys?.PK?.S;
  const sk = record.dynamodb?.Keys?.SK?.S;
  return pk !== undefined && sk !== undefined ? { PK: pk, SK: sk } : undefined;
}

/** Erasure steps run at once (each up to 500 deletes of its own partition, about a second). */
const PARALLEL_STEPS = 5;

export class TableChangesFailed extends AggregateError {
  override readonly name = 'TableChangesFailed';
}

export async function handleTableChanges(event: DynamoDBStreamEvent): Promise<void> {
  const coldStart = takeColdStart();
  const erasures = new Set<string>();
  const removed: RemovedAttachment[] = [];
  let ignored = 0;
  for (const record of event.Records) {
    const key = keyOf(record);
    const erasure = key && subOfErasureKey(key);
    const attachment = key && record.eventName === 'REMOVE' ? attachmentOfRecordKey(key) : undefined;
    if (erasure) erasures.add(erasure);
    else if (attachment) removed.push(attachment);
    else ignored++;
  }

  const failures: unknown[] = [];
  const settle = async <T>(work: Promise<T>): Promise<T | undefined> =>
    work.catch((error: unknown) => {
      failures.push(error);
      return undefined;
    });
  // Files first: an erasure step of this batch may complete the erasure, and a removal that came
  // before it must still be left to the erasure's own sweep of the files (one request for them all).
  const files = removed.length > 0 ? await settle(removeFilesOfRemovedAttachments(removed)) : [];
  // A few users at a time: a batch holds at most 25 records, so at most 5 rounds of one step each.
  const steps = [];
  const subs = [...erasures];
  for (let i = 0; i < subs.length; i += PARALLEL_STEPS)
    steps.push(
      ...(await Promise.all(subs.slice(i, i + PARALLEL_STEPS).map((sub) => settle(advanceErasure(sub))))),
    );

  const summary = { records: event.Records.length, ignored, erasures: steps, files, coldStart };
  if (failures.length === 0) {
    logger.info({ message: 'table changes', ...summary });
    return;
  }
  logger.error({ message: 'table changes failed', ...summary, failures: failures.map(String) });
  throw new TableChangesFailed(
    failures,
    `${failures.length} of the batch's users failed; the batch is retried`,
  );
}
