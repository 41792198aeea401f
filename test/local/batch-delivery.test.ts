/**
 * A batch of stream records delivered with an event source mapping's error handling
 * (local/event-sources/batch-delivery.ts), against a function that fails the records the test says:
 * bisection isolates the failing record without using retries, retries stop at MaximumRetryAttempts,
 * records past MaximumRecordAgeInSeconds are not invoked, and what is given up on goes to the
 * on-failure destination as Lambda's invocation record describes it. No stream, no table.
 */
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import {
  type BatchDeliveryOptions,
  deliverBatch,
  type StreamInvocationRecord,
} from '../../local/event-sources/batch-delivery';

const NOW = Date.UTC(2026, 11, 7, 12, 0, 0);

/** Records 1..n, created `ageSeconds` before NOW. */
function records(n: number, ageSeconds = 10): DynamoDBRecord[] {
  return Array.from({ length: n }, (_, i) => ({
    eventName: 'INSERT',
    eventSource: 'aws:dynamodb',
    dynamodb: {
      Keys: { PK: { S: `K${i + 1}` }, SK: { S: `K${i + 1}` } },
      SequenceNumber: String(100 + i + 1),
      ApproximateCreationDateTime: NOW / 1000 - ageSeconds,
    },
  }));
}

/** A function that fails every batch holding one of `poison`; what it was invoked with, in order. */
function harness(options: Partial<BatchDeliveryOptions> & { poison?: string[] } = {}) {
  const invocations: string[][] = [];
  const given: { record: StreamInvocationRecord; reason: string }[] = [];
  const poison = new Set(options.poison ?? []);
  let pauses = 0;
  const delivery: BatchDeliveryOptions = {
    maximumRetryAttempts: 2,
    maximumRecordAgeSeconds: -1,
    bisectBatchOnFunctionError: false,
    shardId: 'shardId-1',
    streamArn: 'arn:aws:dynamodb:us-east-1:000000000000:table/T/stream/1',
    functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:f',
    invoke: async (event: DynamoDBStreamEvent) => {
      const keys = event.Records.map((r) => r.dynamodb?.Keys?.PK?.S ?? '');
      invocations.push(keys);
      return keys.some((key) => poison.has(key)) ? { ok: false, reason: 'poisoned' } : { ok: true };
    },
    giveUp: async (record, reason) => {
      given.push({ record, reason });
    },
    pause: async () => {
      pauses++;
    },
    now: () => NOW,
    ...options,
  };
  return { delivery, invocations, given, pauses: () => pauses };
}

describe('deliverBatch', () => {
  it('invokes a batch that succeeds once', async () => {
    const { delivery, invocations, given } = harness();
    await deliverBatch(records(3), delivery);
    expect(invocations).toEqual([['K1', 'K2', 'K3']]);
    expect(given).toEqual([]);
  });

  it('retries a failing batch MaximumRetryAttempts times, then gives the whole batch up', async () => {
    // Prepare
    const { delivery, invocations, given, pauses } = harness({ poison: ['K2'] });
    // Act
    await deliverBatch(records(3), delivery);
    // Assess: 1 invocation + 2 retries, a pause before each retry, one record for the destination.
    expect(invocations).toEqual([
      ['K1', 'K2', 'K3'],
      ['K1', 'K2', 'K3'],
      ['K1', 'K2', 'K3'],
    ]);
    expect(pauses()).toBe(2);
    expect(given).toHaveLength(1);
    expect(given[0]?.reason).toBe('poisoned');
    expect(given[0]?.record).toMatchObject({
      requestContext: {
        functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:f',
        condition: 'RetryAttemptsExhausted',
        approximateInvokeCount: 3,
      },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      version: '1.0',
      DDBStreamBatchInfo: {
        shardId: 'shardId-1',
        startSequenceNumber: '101',
        endSequenceNumber: '103',
        approximateArrivalOfFirstRecord: '2026-12-07T11:59:50Z',
        approximateArrivalOfLastRecord: '2026-12-07T11:59:50Z',
        batchSize: 3,
        streamArn: 'arn:aws:dynamodb:us-east-1:000000000000:table/T/stream/1',
      },
    });
  });

  it('with BisectBatchOnFunctionError, splits until the failing record is alone, without using retries on the splits', async () => {
    const { delivery, invocations, given } = harness({ poison: ['K3'], bisectBatchOnFunctionError: true });

    await deliverBatch(records(4), delivery);

    expect(invocations).toEqual([
      ['K1', 'K2', 'K3', 'K4'],
      ['K1', 'K2'],
      ['K3', 'K4'],
      ['K3'],
      ['K3'],
      ['K3'],
      ['K4'],
    ]);
    expect(given.map((g) => g.record.DDBStreamBatchInfo)).toMatchObject([
      { startSequenceNumber: '103', endSequenceNumber: '103', batchSize: 1 },
    ]);
    expect(given[0]?.record.requestContext.approximateInvokeCount).toBe(3);
  });

  it('retries without end when MaximumRetryAttempts is -1 (until the records expire)', async () => {
    let calls = 0;
    const { delivery, given } = harness({
      maximumRetryAttempts: -1,
      invoke: async () => (++calls < 50 ? { ok: false, reason: 'not yet' } : { ok: true }),
    });
    await deliverBatch(records(1), delivery);
    expect(calls).toBe(50);
    expect(given).toEqual([]);
  });

  it('gives up on records older than MaximumRecordAgeInSeconds without invoking', async () => {
    const { delivery, invocations, given } = harness({ maximumRecordAgeSeconds: 60 });
    await deliverBatch(records(2, 61), delivery);
    expect(invocations).toEqual([]);
    expect(given[0]?.record.requestContext).toMatchObject({
      condition: 'RecordAgeExceeded',
      approximateInvokeCount: 0,
    });
  });
});
