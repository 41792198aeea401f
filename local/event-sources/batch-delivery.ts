/**
 * One batch of stream records to its function, with the error handling of a Lambda event source
 * mapping on a DynamoDB stream (Lambda developer guide, "Retain discarded records for a DynamoDB
 * event source in Lambda"; the parameters in "Lambda parameters for Amazon DynamoDB event source
 * mappings"):
 *
 *   invoke(batch) ─ ok ─────────────────────────────────────────────────────────▶ done, the shard moves on
 *        │ error (the function threw or timed out)
 *        ├─ BisectBatchOnFunctionError and more than one record: split in two, deliver the first half
 *        │  then the second, each as a batch of its own ("Splitting batches doesn't consume the retry
 *        │  quota")
 *        ├─ retries left (MaximumRetryAttempts; -1: until the records expire) and no record older than
 *        │  MaximumRecordAgeInSeconds: invoke the same batch again
 *        └─ otherwise: the batch's invocation record goes to the on-failure destination, and the shard
 *           moves on past it ("Lambda discards the records and continues processing")
 *
 * The shard waits meanwhile: records are delivered in order, one batch at a time. AWS documents no
 * wait between retries; locally a retry waits the polling interval (Lambda polls a shard 4 times a
 * second: "Using AWS Lambda with Amazon DynamoDB").
 */
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';

export type InvocationResult = { ok: true } | { ok: false; reason: string };

/** What Lambda sends to an on-failure destination for a stream batch it gave up on. */
export interface StreamInvocationRecord {
  requestContext: {
    requestId: string;
    functionArn: string;
    condition: 'RetryAttemptsExhausted' | 'RecordAgeExceeded';
    approximateInvokeCount: number;
  };
  responseContext: { statusCode: number; executedVersion: string; functionError: string };
  version: '1.0';
  timestamp: string;
  DDBStreamBatchInfo: {
    shardId: string;
    startSequenceNumber: string;
    endSequenceNumber: string;
    approximateArrivalOfFirstRecord: string;
    approximateArrivalOfLastRecord: string;
    batchSize: number;
    streamArn: string;
  };
}

export interface BatchDeliveryOptions {
  maximumRetryAttempts: number;
  maximumRecordAgeSeconds: number;
  bisectBatchOnFunctionError: boolean;
  shardId: string;
  streamArn: string;
  functionArn: string;
  invoke(event: DynamoDBStreamEvent): Promise<InvocationResult>;
  /** The batch was given up on: its invocation record, and the last reason it failed. */
  giveUp(record: StreamInvocationRecord, lastReason: string): Promise<void>;
  /** Before each retry; resolves when it may go. */
  pause(): Promise<void>;
  now?: () => number;
}

/** Delivers `records` (in order); resolves once they succeeded or were given up on. */
export async function deliverBatch(records: DynamoDBRecord[], options: BatchDeliveryOptions): Promise<void> {
  const now = options.now ?? Date.now;
  let invocations = 0;
  for (let retries = 0; ; retries++) {
    if (tooOld(records, options.maximumRecordAgeSeconds, now()))
      return giveUp(
        records,
        options,
        'RecordAgeExceeded',
        invocations,
        'older than MaximumRecordAgeInSeconds',
      );
    const result = await options.invoke({ Records: records });
    invocations++;
    if (result.ok) return;
    if (options.bisectBatchOnFunctionError && records.length > 1) {
      const half = Math.ceil(records.length / 2);
      await deliverBatch(records.slice(0, half), options);
      await deliverBatch(records.slice(half), options);
      return;
    }
    const unlimited = options.maximumRetryAttempts < 0;
    if (!unlimited && retries >= options.maximumRetryAttempts)
      return giveUp(records, options, 'RetryAttemptsExhausted', invocations, result.reason);
    await options.pause();
  }
}

function tooOld(records: DynamoDBRecord[], maximumAgeSeconds: number, now: number): boolean {
  const oldest = records[0]?.dynamodb?.ApproximateCreationDateTime;
  return maximumAgeSeconds >= 0 && oldest !== undefined && now / 1000 - oldest > maximumAgeSeconds;
}

function giveUp(
  records: DynamoDBRecord[],
  options: BatchDeliveryOptions,
  condition: StreamInvocationRecord['requestContext']['condition'],
  invocations: number,
  reason: string,
): Promise<void> {
  const first = records[0]?.dynamodb;
  const last = records.at(-1)?.dynamodb;
  const arrival = (seconds: number | undefined) =>
    new Date((seconds ?? 0) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return options.giveUp(
    {
      requestContext: {
        requestId: crypto.randomUUID(),
        functionArn: options.functionArn,
        condition,
        approximateInvokeCount: invocations,
      },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      version: '1.0',
      timestamp: new Date().toISOString(),
      DDBStreamBatchInfo: {
        shardId: options.shardId,
        startSequenceNumber: first?.SequenceNumber ?? '',
        endSequenceNumber: last?.SequenceNumber ?? '',
        approximateArrivalOfFirstRecord: arrival(first?.ApproximateCreationDateTime),
        approximateArrivalOfLastRecord: arrival(last?.ApproximateCreationDateTime),
        batchSize: records.length,
        streamArn: options.streamArn,
      },
    },
    reason,
  );
}
