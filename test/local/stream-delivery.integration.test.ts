/**
 * The local event source mappings (local/event-sources/) against DynamoDB Local's own stream: a table
 * of its own in the shared DynamoDB Local, a mapping written as a template would write it, and a
 * function that records what it gets. Also: the template's real mapping read as the local stack runs it.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateTableCommand,
  DeleteItemCommand,
  DynamoDBClient,
  PutItemCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StreamDelivery, startStreamDelivery } from '../../local/event-sources/stream-delivery';
import {
  matchesFilters,
  type StreamMapping,
  streamMappingsOf,
  UnsupportedMappingError,
} from '../../local/event-sources/stream-mappings';
import { readTemplate, type Template } from '../../local/stack/local-template';
import { TEMPLATE_PATH } from '../../paths';

const db = new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT });
const tableName = `stream-test-${randomUUID()}`;

/** A template with one table and one mapping of its stream; `properties` change the mapping. */
function templateWith(properties: Record<string, unknown> = {}): Template {
  return {
    Resources: {
      Items: { Type: 'AWS::DynamoDB::Table', Properties: {} },
      Recorder: { Type: 'AWS::Lambda::Function', Properties: {} },
      Failed: { Type: 'AWS::SQS::Queue', Properties: {} },
      ItemChanges: {
        Type: 'AWS::Lambda::EventSourceMapping',
        Properties: {
          EventSourceArn: { 'Fn::GetAtt': ['Items', 'StreamArn'] },
          FunctionName: { 'Fn::GetAtt': ['Recorder', 'Arn'] },
          StartingPosition: 'LATEST',
          BatchSize: 2,
          MaximumRetryAttempts: 1,
          FilterCriteria: {
            Filters: [{ Pattern: '{"dynamodb":{"Keys":{"PK":{"S":[{"prefix":"KEEP#"}]}}}}' }],
          },
          DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['Failed', 'Arn'] } } },
          ...properties,
        },
      },
    },
  };
}

/** Starts the mapping with a function that records each batch's keys (and fails when `fail` says). */
async function start(
  mapping: StreamMapping,
  options: { dataDir?: string; fail?: (keys: string[]) => boolean; timeoutSeconds?: number } = {},
) {
  const batches: string[][] = [];
  const events: DynamoDBStreamEvent[] = [];
  const failures: string[] = [];
  const delivery: StreamDelivery = await startStreamDelivery({
    mappings: [mapping],
    endpoint: process.env.DYNAMODB_ENDPOINT ?? '',
    region: 'us-east-1',
    accountId: '000000000000',
    tableNameOf: () => tableName,
    handlerOf: () => async (event: unknown) => {
      const { Records } = event as DynamoDBStreamEvent;
      const keys = Records.map((r) => `${r.eventName} ${r.dynamodb?.Keys?.PK?.S}`);
      batches.push(keys);
      events.push(event as DynamoDBStreamEvent);
      if (options.fail?.(keys)) throw new Error(`refused ${keys.join(', ')}`);
      if (keys.some((key) => key.endsWith('#slow')))
        await new Promise((resolve) => setTimeout(resolve, 1500));
    },
    settingsOf: () => ({
      functionName: 'recorder',
      memoryMb: 128,
      timeoutSeconds: options.timeoutSeconds ?? 3,
    }),
    onFailure: (message) => failures.push(message),
    pollIntervalMs: 20,
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
  });
  return { delivery, batches, events, failures };
}

const put = (pk: string) =>
  db.send(new PutItemCommand({ TableName: tableName, Item: { PK: { S: pk }, SK: { S: pk } } }));

beforeAll(async () => {
  await db.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'PK', AttributeType: 'S' },
        { AttributeName: 'SK', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'PK', KeyType: 'HASH' },
        { AttributeName: 'SK', KeyType: 'RANGE' },
      ],
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' },
    }),
  );
});
afterAll(() => db.destroy());

describe('the stream mappings of a template', () => {
  it("reads infra/template.yaml's mapping as the local stack runs it", async () => {
    const [mapping, ...others] = streamMappingsOf(await readTemplate(TEMPLATE_PATH));
    expect(others).toEqual([]);
    expect(mapping).toEqual({
      logicalId: 'ErasureFunctionTableChanges',
      tableId: 'Table',
      functionId: 'ErasureFunction',
      enabled: true,
      startingPosition: 'TRIM_HORIZON',
      batchSize: 25,
      batchingWindowSeconds: 0,
      maximumRetryAttempts: 10,
      maximumRecordAgeSeconds: -1,
      bisectBatchOnFunctionError: true,
      filters: [
        { dynamodb: { Keys: { PK: { S: [{ prefix: 'ERASURE#' }] } } } },
        { dynamodb: { Keys: { SK: { S: [{ prefix: 'ATT#' }] } } } },
      ],
      onFailure: 'TableChangesDeadLetterQueue',
    });
  });

  it("lets through the erasure requests' changes and the attachment records', nothing else", async () => {
    const [mapping] = streamMappingsOf(await readTemplate(TEMPLATE_PATH));
    const change = (PK: string, SK: string, eventName: DynamoDBRecord['eventName']): DynamoDBRecord => ({
      eventName,
      dynamodb: { Keys: { PK: { S: PK }, SK: { S: SK } } },
    });
    const filters = mapping?.filters ?? [];
    expect(matchesFilters(filters, change('ERASURE#a', 'ERASURE#a', 'MODIFY'))).toBe(true);
    expect(matchesFilters(filters, change('USER#a', 'ATT#t#x', 'REMOVE'))).toBe(true);
    expect(matchesFilters(filters, change('USER#a', 'TODO#t', 'REMOVE'))).toBe(false);
    expect(matchesFilters(filters, change('USER#a', 'ATTCOUNT#t', 'REMOVE'))).toBe(false);
    expect(matchesFilters(filters, change('USERNAME#a', 'USERNAME#a', 'INSERT'))).toBe(false);
  });

  it.each([
    [{ ParallelizationFactor: 2 }, /ItemChanges: ParallelizationFactor > 1 is not emulated/],
    [
      { FunctionResponseTypes: ['ReportBatchItemFailures'] },
      /ItemChanges: FunctionResponseTypes is not emulated/,
    ],
    [{ StartingPosition: 'AT_TIMESTAMP' }, /ItemChanges: StartingPosition AT_TIMESTAMP is not emulated/],
  ])('refuses a setting it does not emulate (%o), naming the mapping', (properties, message) => {
    expect(() => streamMappingsOf(templateWith(properties))).toThrow(UnsupportedMappingError);
    expect(() => streamMappingsOf(templateWith(properties))).toThrow(message);
  });
});

describe('delivering a stream', () => {
  it('delivers the matching records in order, in batches of at most BatchSize, as Lambda events', async () => {
    // Prepare: a batching window, so that records written one after the other fill batches.
    const [mapping] = streamMappingsOf(templateWith({ MaximumBatchingWindowInSeconds: 1 })) as [
      StreamMapping,
    ];
    const { delivery, batches, events } = await start(mapping);
    // Act: 5 kept, 2 filtered out, then a change and a removal of a kept one.
    for (const pk of ['KEEP#1', 'SKIP#1', 'KEEP#2', 'KEEP#3', 'SKIP#2', 'KEEP#4', 'KEEP#5']) await put(pk);
    await db.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: { PK: { S: 'KEEP#1' }, SK: { S: 'KEEP#1' } },
        UpdateExpression: 'SET n = :n',
        ExpressionAttributeValues: { ':n': { N: '1' } },
      }),
    );
    await db.send(
      new DeleteItemCommand({ TableName: tableName, Key: { PK: { S: 'KEEP#2' }, SK: { S: 'KEEP#2' } } }),
    );
    await delivery.idle();
    await delivery.close();
    // Assess
    expect(batches.flat()).toEqual([
      'INSERT KEEP#1',
      'INSERT KEEP#2',
      'INSERT KEEP#3',
      'INSERT KEEP#4',
      'INSERT KEEP#5',
      'MODIFY KEEP#1',
      'REMOVE KEEP#2',
    ]);
    expect(batches.map((batch) => batch.length <= 2)).not.toContain(false);
    expect(batches.map((batch) => batch.length)).toContain(2);
    const record = events[0]?.Records[0];
    expect(record).toMatchObject({
      eventSource: 'aws:dynamodb',
      eventSourceARN: expect.stringMatching(/:table\/stream-test-.+\/stream\//),
      dynamodb: { StreamViewType: 'KEYS_ONLY', SequenceNumber: expect.any(String) },
    });
    expect(typeof record?.dynamodb?.ApproximateCreationDateTime).toBe('number');
  });

  it('delivers from the oldest record when the first write of an empty stream was a cancelled transaction', async () => {
    // Prepare: a table of its own, so its shard is empty when the mapping starts at TRIM_HORIZON.
    // DynamoDB Local's iterator then points at sequence number 1, which a cancelled transaction uses
    // up without writing a record: GetRecords answers TrimmedDataAccessException from then on.
    const fresh = `stream-test-${randomUUID()}`;
    await db.send(
      new CreateTableCommand({
        TableName: fresh,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'PK', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }],
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'KEYS_ONLY' },
      }),
    );
    const [mapping] = streamMappingsOf(templateWith({ StartingPosition: 'TRIM_HORIZON' })) as [StreamMapping];
    const keys: string[] = [];
    const failures: string[] = [];
    const delivery = await startStreamDelivery({
      mappings: [mapping],
      endpoint: process.env.DYNAMODB_ENDPOINT ?? '',
      region: 'us-east-1',
      accountId: '000000000000',
      tableNameOf: () => fresh,
      handlerOf: () => async (event: unknown) => {
        for (const r of (event as DynamoDBStreamEvent).Records) keys.push(`${r.dynamodb?.Keys?.PK?.S}`);
      },
      settingsOf: () => ({ functionName: 'recorder', memoryMb: 128, timeoutSeconds: 3 }),
      onFailure: (message) => failures.push(message),
      pollIntervalMs: 20,
    });
    // Act: a transaction whose condition fails, then a write that lands.
    const cancelled = await db
      .send(
        new TransactWriteItemsCommand({
          // As a counted write of an account without its usage item: the first item's condition
          // holds, the second one's does not.
          TransactItems: [
            {
              Put: {
                TableName: fresh,
                Item: { PK: { S: 'KEEP#cancelled' } },
                ConditionExpression: 'attribute_not_exists(PK)',
              },
            },
            {
              Update: {
                TableName: fresh,
                Key: { PK: { S: 'KEEP#usage' } },
                UpdateExpression: 'SET n = :n',
                ConditionExpression: 'attribute_exists(PK)',
                ExpressionAttributeValues: { ':n': { N: '1' } },
              },
            },
          ],
        }),
      )
      .then(
        () => 'committed',
        (error: Error) => error.name,
      );
    await db.send(new PutItemCommand({ TableName: fresh, Item: { PK: { S: 'KEEP#landed' } } }));
    await delivery.idle();
    await delivery.close();
    // Assess
    expect(cancelled).toBe('TransactionCanceledException');
    expect(keys).toEqual(['KEEP#landed']);
    expect(failures).toEqual([]);
  });

  it('goes on where it stopped after a restart (the position is kept under DATA_DIR)', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'swiftyplanner-streams-'));
    try {
      // Prepare: records delivered, then more written while the mapping is stopped.
      const [mapping] = streamMappingsOf(templateWith()) as [StreamMapping];
      const first = await start(mapping, { dataDir });
      await put('KEEP#before');
      await first.delivery.idle();
      await first.delivery.close();
      await put('KEEP#while-stopped');
      // Act
      const second = await start(mapping, { dataDir });
      await put('KEEP#after');
      await second.delivery.idle();
      await second.delivery.close();
      // Assess
      expect(first.batches.flat()).toEqual(['INSERT KEEP#before']);
      expect(second.batches.flat()).toEqual(['INSERT KEEP#while-stopped', 'INSERT KEEP#after']);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('reports a batch it gives up on and writes its invocation record to the destination under DATA_DIR', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'swiftyplanner-streams-'));
    try {
      // Prepare: the function refuses one record; the mapping retries once, one record a batch.
      const [mapping] = streamMappingsOf(templateWith({ BatchSize: 1 })) as [StreamMapping];
      const { delivery, batches, failures } = await start(mapping, {
        dataDir,
        fail: (keys) => keys.includes('INSERT KEEP#poison'),
      });
      // Act
      await put('KEEP#poison');
      await put('KEEP#next');
      await delivery.idle();
      await delivery.close();
      // Assess: 1 invocation + 1 retry, then the shard moves on to the next record.
      expect(batches).toEqual([['INSERT KEEP#poison'], ['INSERT KEEP#poison'], ['INSERT KEEP#next']]);
      const lines = (await readFile(join(dataDir, 'dead-letters', 'Failed.jsonl'), 'utf8'))
        .trim()
        .split('\n');
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
        requestContext: { condition: 'RetryAttemptsExhausted', approximateInvokeCount: 2 },
        DDBStreamBatchInfo: { batchSize: 1, shardId: expect.stringMatching(/^shardId-/) },
      });
      expect(delivery.deadLetters()).toHaveLength(1);
      expect(failures.at(-1)).toMatch(
        /ItemChanges gave up on .* RetryAttemptsExhausted after 2 invocation\(s\).*Failed\.jsonl/,
      );
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('counts a function that outlives its timeout as failed, as Lambda does', async () => {
    const [mapping] = streamMappingsOf(templateWith({ MaximumRetryAttempts: 0 })) as [StreamMapping];
    const { delivery, failures } = await start(mapping, { timeoutSeconds: 1 });
    await put('KEEP#slow');
    await delivery.idle();
    await delivery.close();
    expect(failures[0]).toMatch(/timed out after 1 s/);
    expect(delivery.deadLetters()).toHaveLength(1);
  });
});
