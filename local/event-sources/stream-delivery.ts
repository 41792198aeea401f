/**
 * The table's stream delivered locally as Lambda's event source mappings deliver it on AWS: each
 * mapping of the template (./stream-mappings.ts) reads the stream of DynamoDB Local's table and invokes
 * its function with batches of the records its filters let through, with the mapping's batching,
 * retries, bisection and on-failure destination (./batch-delivery.ts, ./dead-letters.ts). What it
 * emulates, from the Lambda developer guide ("Using AWS Lambda with Amazon DynamoDB", "Lambda
 * parameters for Amazon DynamoDB event source mappings", "Control which events Lambda sends to your
 * function"):
 *
 * - every shard polled 4 times a second; a shard's records delivered in order, one batch at a time
 *   (ParallelizationFactor 1), a child shard only after its parent was read to its end;
 * - records no filter matches are discarded; a batch holds up to BatchSize matching records, sent as
 *   soon as there are any (or, with MaximumBatchingWindowInSeconds, once the window closes);
 * - the function invoked synchronously, bounded by its timeout; a timeout is a failure;
 * - the position kept across restarts of the stack (./shard-positions.ts); StartingPosition applies
 *   to the shards there were when the mapping first ran.
 *
 * Tests that share one table pass `select` (only their own users' records are considered at all) and
 * may start at LATEST.
 */

import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type Shard,
  type ShardIteratorType,
  type _Record as StreamRecord,
  TrimmedDataAccessException,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';
import {
  type FunctionSettings,
  invokeWithTimeout,
  type LambdaHandler,
  lambdaContextOf,
} from '../gateway/lambda-invoke';
import { deliverBatch, type InvocationResult } from './batch-delivery';
import { createDeadLetters, type DeadLetter } from './dead-letters';
import { openShardPositions, type ShardPositions } from './shard-positions';
import { matchesFilters, type StreamMapping } from './stream-mappings';

/** "Lambda polls shards in your DynamoDB stream for records at a base rate of 4 times per second." */
export const POLL_INTERVAL_MS = 250;

export interface StreamDeliveryOptions {
  mappings: StreamMapping[];
  /** DynamoDB Local's endpoint. */
  endpoint: string;
  region: string;
  accountId: string;
  /** The local name of a table of the template, by logical id. */
  tableNameOf(tableId: string): string;
  handlerOf(functionId: string): LambdaHandler | undefined;
  settingsOf(functionId: string): FunctionSettings | undefined;
  /** `$DATA_DIR`: positions and dead letters are kept under it; in memory without one. */
  dataDir?: string;
  /** A failed invocation or a batch given up on (the local stack writes it to stderr). */
  onFailure(message: string): void;
  /** Only records it accepts are considered at all (tests sharing a table); all by default. */
  select?(record: DynamoDBRecord): boolean;
  /** Instead of each mapping's StartingPosition (tests start at LATEST). */
  startingPosition?: StreamMapping['startingPosition'];
  pollIntervalMs?: number;
}

export interface StreamDelivery {
  /**
   * Resolves once a whole pass over every shard, begun after the call, read no record: what was
   * written before has been delivered, and nothing it caused is still arriving.
   */
  idle(): Promise<void>;
  /** The batches given up on so far (also reported, and kept under `$DATA_DIR/dead-letters`). */
  deadLetters(): readonly DeadLetter[];
  /** Stops polling; resolves once the batch being delivered (if any) has ended. */
  close(): Promise<void>;
}

export async function startStreamDelivery(options: StreamDeliveryOptions): Promise<StreamDelivery> {
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  const config = { endpoint: options.endpoint, region: options.region, credentials };
  const tables = new DynamoDBClient(config);
  const streams = new DynamoDBStreamsClient(config);
  const deadLetters = createDeadLetters(
    options.dataDir ? `${options.dataDir}/dead-letters` : undefined,
    options.onFailure,
  );
  const pollers: MappingPoller[] = [];
  try {
    for (const mapping of options.mappings.filter((m) => m.enabled)) {
      const tableName = options.tableNameOf(mapping.tableId);
      const { Table } = await tables.send(new DescribeTableCommand({ TableName: tableName }));
      const streamArn = Table?.LatestStreamArn;
      if (!Table?.StreamSpecification?.StreamEnabled || !streamArn)
        throw new Error(
          `${mapping.logicalId} reads the stream of ${mapping.tableId}, but table ${tableName} has none. ` +
            'Give the table a StreamSpecification in infra/template.yaml (the local table takes it from there).',
        );
      const positions = await openShardPositions(
        options.dataDir ? `${options.dataDir}/event-sources` : undefined,
        mapping.logicalId,
        streamArn,
      );
      const poller = new MappingPoller(mapping, streamArn, positions, streams, deadLetters, options);
      await poller.prepare();
      pollers.push(poller);
    }
  } finally {
    tables.destroy();
  }
  const loops = pollers.map((poller) => poller.run());
  return {
    idle: async () => {
      await Promise.all(pollers.map((poller) => poller.idle()));
    },
    deadLetters: () => deadLetters.received,
    close: async () => {
      for (const poller of pollers) poller.stop();
      await Promise.allSettled(loops);
      streams.destroy();
    },
  };
}

class MappingPoller {
  private stopped = false;
  private wake: (() => void) | undefined;
  private passesStarted = 0;
  private readonly waiting: { afterPass: number; resolve(): void }[] = [];
  private readonly iterators = new Map<string, string>();
  /** Shards begun at LATEST with nothing delivered yet: a new iterator starts at LATEST again. */
  private readonly startedAtLatest = new Set<string>();
  /** Shards whose iterator read past their oldest record: a new one without a position starts there. */
  private readonly trimmed = new Set<string>();
  /** The shards there were when the mapping first ran: StartingPosition applies to them only. */
  private readonly initialShards = new Set<string>();

  constructor(
    private readonly mapping: StreamMapping,
    private readonly streamArn: string,
    private readonly positions: ShardPositions,
    private readonly streams: DynamoDBStreamsClient,
    private readonly deadLetters: ReturnType<typeof createDeadLetters>,
    private readonly options: StreamDeliveryOptions,
  ) {}

  stop(): void {
    this.stopped = true;
    this.wake?.();
    for (const waiter of this.waiting.splice(0)) waiter.resolve();
  }

  idle(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push({ afterPass: this.passesStarted, resolve }));
  }

  /**
   * Takes the iterators of the shards there are now, before anything else is written: a mapping
   * starting at LATEST delivers every record written after its start.
   */
  async prepare(): Promise<void> {
    for (const shard of await this.shards()) {
      const id = shard.ShardId as string;
      this.initialShards.add(id);
      if (!this.positions.finished(id)) await this.iterator(id);
    }
  }

  async run(): Promise<void> {
    while (!this.stopped) {
      const pass = ++this.passesStarted;
      let read = 0;
      try {
        read = await this.pass();
      } catch (error) {
        read = -1; // not a quiet pass
        if (!this.stopped)
          this.options.onFailure(`${this.mapping.logicalId}: reading the stream failed: ${String(error)}`);
      }
      if (read === 0)
        for (const waiter of this.waiting.filter((w) => w.afterPass < pass)) {
          this.waiting.splice(this.waiting.indexOf(waiter), 1);
          waiter.resolve();
        }
      await this.sleep(this.options.pollIntervalMs ?? POLL_INTERVAL_MS);
    }
  }

  /** Reads every shard as far as it goes now; answers how many records it read. */
  private async pass(): Promise<number> {
    const shards = await this.shards();
    const ids = new Set(shards.map((s) => s.ShardId));
    let read = 0;
    for (const shard of shards) {
      const id = shard.ShardId as string;
      if (this.positions.finished(id)) continue;
      // A child waits until its parent was read to the end (unless the parent expired from the stream).
      const parent = shard.ParentShardId;
      if (parent && ids.has(parent) && !this.positions.finished(parent)) continue;
      read += await this.drain(id);
      if (this.stopped) break;
    }
    return read;
  }

  private async shards(): Promise<Shard[]> {
    const shards: Shard[] = [];
    let start: string | undefined;
    do {
      const { StreamDescription } = await this.streams.send(
        new DescribeStreamCommand({ StreamArn: this.streamArn, ExclusiveStartShardId: start }),
      );
      shards.push(...(StreamDescription?.Shards ?? []));
      start = StreamDescription?.LastEvaluatedShardId;
    } while (start);
    return shards;
  }

  private async drain(shardId: string): Promise<number> {
    let read = 0;
    let pending: DynamoDBRecord[] = [];
    let windowEnds = 0;
    /** The last record read: the position once everything before it was delivered. */
    let lastRead: string | undefined;
    while (!this.stopped) {
      const iterator = await this.iterator(shardId);
      let page: { Records?: StreamRecord[]; NextShardIterator?: string };
      try {
        page = await this.streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
      } catch (error) {
        if (error instanceof TrimmedDataAccessException) {
          // The iterator points before the oldest record of the shard: take a new one from the
          // position, or from the oldest record. DynamoDB Local answers so for ever when an iterator
          // taken on an empty shard points at sequence number 1 and the first write took number 1 but
          // never became a record (a cancelled transaction: the first counted write of an account).
          this.iterators.delete(shardId);
          this.trimmed.add(shardId);
          continue;
        }
        if (!(error instanceof ExpiredIteratorException)) throw error;
        this.iterators.delete(shardId); // take a new one from the position
        continue;
      }
      const records = (page.Records ?? []).map((record) => lambdaRecordOf(record, this.streamArn));
      const selected = records.filter((record) => this.options.select?.(record) ?? true);
      read += selected.length;
      const matching = selected.filter((record) => matchesFilters(this.mapping.filters, record));
      if (matching.length > 0 && pending.length === 0)
        windowEnds = Date.now() + this.mapping.batchingWindowSeconds * 1000;
      pending.push(...matching);
      lastRead = records.at(-1)?.dynamodb?.SequenceNumber ?? lastRead;
      // Full batches go at once; the rest once the batching window closed (at once, without one).
      while (pending.length >= this.mapping.batchSize || (pending.length > 0 && Date.now() >= windowEnds)) {
        await this.deliver(shardId, pending.slice(0, this.mapping.batchSize));
        pending = pending.slice(this.mapping.batchSize);
      }
      // The position moves past what was delivered and what no filter let through, never past a
      // record still waiting for its window (a restart would lose it).
      if (lastRead && pending.length === 0) {
        await this.positions.advance(shardId, lastRead);
        this.startedAtLatest.delete(shardId);
        lastRead = undefined;
      }
      if (!page.NextShardIterator) {
        // A closed shard, read to its end.
        this.iterators.delete(shardId);
        if (pending.length === 0) await this.positions.finish(shardId);
        break;
      }
      this.iterators.set(shardId, page.NextShardIterator);
      if (records.length === 0) {
        if (pending.length === 0) break;
        await this.sleep(Math.max(0, Math.min(windowEnds - Date.now(), POLL_INTERVAL_MS)));
      }
    }
    return read;
  }

  private async iterator(shardId: string): Promise<string> {
    const kept = this.iterators.get(shardId);
    if (kept) return kept;
    const after = this.positions.after(shardId);
    const start: ShardIteratorType = after
      ? 'AFTER_SEQUENCE_NUMBER'
      : this.trimmed.has(shardId)
        ? 'TRIM_HORIZON'
        : this.startedAtLatest.has(shardId)
          ? 'LATEST'
          : this.initialShards.has(shardId) && !this.positions.known(shardId)
            ? (this.options.startingPosition ?? this.mapping.startingPosition)
            : 'TRIM_HORIZON';
    try {
      const { ShardIterator } = await this.streams.send(
        new GetShardIteratorCommand({
          StreamArn: this.streamArn,
          ShardId: shardId,
          ShardIteratorType: start,
          ...(after ? { SequenceNumber: after } : {}),
        }),
      );
      if (!ShardIterator) throw new Error(`No iterator for ${shardId}`);
      this.iterators.set(shardId, ShardIterator);
      if (start === 'LATEST') this.startedAtLatest.add(shardId);
      return ShardIterator;
    } catch (error) {
      // The position is older than the stream keeps (24 hours): go on from the oldest record left.
      if (!(error instanceof TrimmedDataAccessException) || !after) throw error;
      const { ShardIterator } = await this.streams.send(
        new GetShardIteratorCommand({
          StreamArn: this.streamArn,
          ShardId: shardId,
          ShardIteratorType: 'TRIM_HORIZON',
        }),
      );
      if (!ShardIterator) throw new Error(`No iterator for ${shardId}`, { cause: error });
      this.iterators.set(shardId, ShardIterator);
      return ShardIterator;
    }
  }

  private async deliver(shardId: string, records: DynamoDBRecord[]): Promise<void> {
    const { mapping, options } = this;
    const settings = options.settingsOf(mapping.functionId) ?? {
      functionName: mapping.functionId,
      memoryMb: 128,
      timeoutSeconds: 3,
    };
    let attempt = 0;
    await deliverBatch(records, {
      maximumRetryAttempts: mapping.maximumRetryAttempts,
      maximumRecordAgeSeconds: mapping.maximumRecordAgeSeconds,
      bisectBatchOnFunctionError: mapping.bisectBatchOnFunctionError,
      shardId,
      streamArn: this.streamArn,
      functionArn: `arn:aws:lambda:${options.region}:${options.accountId}:function:${settings.functionName}`,
      invoke: async (event): Promise<InvocationResult> => {
        attempt++;
        const result = await this.invoke(event, settings);
        if (!result.ok)
          options.onFailure(
            `${mapping.logicalId} → ${mapping.functionId}: a batch of ${event.Records.length} record(s) failed ` +
              `(invocation ${attempt} of this delivery): ${result.reason}`,
          );
        return result;
      },
      giveUp: (record, reason) =>
        this.deadLetters.add({
          mappingId: mapping.logicalId,
          destination: mapping.onFailure,
          record,
          reason,
        }),
      // Stopping abandons the delivery without giving up on it: the position stays before the batch,
      // so the next start delivers it again.
      pause: async () => {
        await this.sleep(options.pollIntervalMs ?? POLL_INTERVAL_MS);
        if (this.stopped) throw new Error(`${mapping.logicalId} stopped while retrying a batch`);
      },
    });
  }

  private async invoke(
    event: { Records: DynamoDBRecord[] },
    settings: FunctionSettings,
  ): Promise<InvocationResult> {
    const handler = this.options.handlerOf(this.mapping.functionId);
    if (!handler) return { ok: false, reason: `no function ${this.mapping.functionId} is loaded` };
    const context = lambdaContextOf(settings, this.options.region);
    const outcome = await invokeWithTimeout(handler, event as never, context, settings.timeoutSeconds * 1000);
    if (outcome.kind === 'returned') return { ok: true };
    if (outcome.kind === 'timed-out')
      return { ok: false, reason: `timed out after ${settings.timeoutSeconds} s` };
    const { error } = outcome;
    return { ok: false, reason: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }

  /** Waits, unless the poller is stopped meanwhile. */
  private sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}

/**
 * A record as the Lambda event carries it: DynamoDB Streams' record, its creation time in epoch
 * seconds, and the stream's ARN as `eventSourceARN` (Lambda developer guide, "Using AWS Lambda with
 * Amazon DynamoDB", the example event).
 */
export function lambdaRecordOf(record: StreamRecord, streamArn: string): DynamoDBRecord {
  const { dynamodb, ...rest } = record;
  const created = dynamodb?.ApproximateCreationDateTime;
  return {
    ...(rest as DynamoDBRecord),
    eventSourceARN: streamArn,
    dynamodb: {
      ...(dynamodb as DynamoDBRecord['dynamodb']),
      ...(created ? { ApproximateCreationDateTime: Math.floor(created.getTime() / 1000) } : {}),
    },
  };
}
