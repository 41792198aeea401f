/**
 * Benchmark 6, scaling. (a) A page of GET /todos must cost O(page), not O(all todos): the same request
 * for a user with 10 todos and for one with 10,000, through the todos handler against DynamoDB Local,
 * interleaved. (b) DELETE /users/me for a user with 1,000 todos and 50 attachments (files included):
 * every DynamoDB and S3 request the users handler sends is counted and set against the minimum,
 * ⌈items/25⌉ BatchWriteItem calls and, for the files, one list and ⌈files/1000⌉ DeleteObjects.
 */
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { createUserEvent, deleteMyUserEvent, listTodosEvent, uniqueTag } from '../requests';
import { countRequests } from '../sdk-requests';
import { median, ratio, type Sample, sampleOf } from '../statistics';
import { seedAttachments, seedTodos } from './seed';

type Handler = (event: APIGatewayProxyEventV2WithJWTAuthorizer) => Promise<APIGatewayProxyStructuredResultV2>;

export interface ListScaling {
  small: number;
  large: number;
  /** Median latency of one page (default limit 20) per run, ms. */
  smallMs: Sample;
  largeMs: Sample;
  /** Median large / median small: the budget holds it ≤ 1.5. */
  ratio: number;
}

export interface PurgeCount {
  todos: number;
  attachments: number;
  /** Items the erase had to remove from the table (profile, guards, todos, attachment records, counters). */
  itemsDeleted: number;
  dynamodbRequests: Record<string, number>;
  s3Requests: Record<string, number>;
  batchWrites: number;
  minimumBatchWrites: number;
  s3Total: number;
  minimumS3Requests: number;
  /** Items of the user still in the table afterwards (must be 0). */
  itemsLeft: number;
  /** Files of the user still in the bucket afterwards (must be 0). */
  filesLeft: number;
  durationMs: number;
}

export interface ScalingResult {
  list: ListScaling;
  purge: PurgeCount;
}

export interface ScalingOptions {
  small: number;
  large: number;
  /** Pages read per size in each run. */
  pages: number;
  runs: number;
  purgeTodos: number;
  purgeAttachments: number;
  progress(line: string): void;
}

export async function measureScaling(options: ScalingOptions): Promise<ScalingResult> {
  return { list: await measureListScaling(options), purge: await measurePurge(options) };
}

async function measureListScaling(options: ScalingOptions): Promise<ListScaling> {
  const { handler } = (await import('../../src/functions/todos')) as { handler: Handler };
  const tag = uniqueTag();
  const smallSub = `scale-small-${tag}`;
  const largeSub = `scale-large-${tag}`;
  options.progress(`scaling: seeding ${options.small} and ${options.large} todos with BatchWriteItem`);
  const seeded = performance.now();
  await seedTodos(smallSub, options.small);
  await seedTodos(largeSub, options.large);
  options.progress(`scaling: seeded in ${((performance.now() - seeded) / 1000).toFixed(1)} s`);

  const page = async (sub: string): Promise<number> => {
    const started = performance.now();
    const response = await handler(listTodosEvent(sub));
    const elapsed = performance.now() - started;
    if (response.statusCode !== 200)
      throw new Error(`GET /todos answered ${response.statusCode}: ${response.body}`);
    return elapsed;
  };
  await page(smallSub);
  await page(largeSub);
  const small: number[] = [];
  const large: number[] = [];
  for (let run = 0; run < options.runs; run++) {
    const smallRun: number[] = [];
    const largeRun: number[] = [];
    for (let i = 0; i < options.pages; i++) {
      // Alternate which goes first, so neither always meets a warmer DynamoDB Local.
      if (i % 2 === 0) {
        smallRun.push(await page(smallSub));
        largeRun.push(await page(largeSub));
      } else {
        largeRun.push(await page(largeSub));
        smallRun.push(await page(smallSub));
      }
    }
    small.push(median(smallRun));
    large.push(median(largeRun));
    options.progress(
      `scaling ${run + 1}/${options.runs} GET /todos page: ${(small.at(-1) ?? 0).toFixed(2)} ms with ${options.small} todos, ` +
        `${(large.at(-1) ?? 0).toFixed(2)} ms with ${options.large} (median of ${options.pages})`,
    );
  }
  return {
    small: options.small,
    large: options.large,
    smallMs: sampleOf(small),
    largeMs: sampleOf(large),
    ratio: ratio(median(large), median(small)),
  };
}

async function measurePurge(options: ScalingOptions): Promise<PurgeCount> {
  const { handler } = (await import('../../src/functions/users')) as { handler: Handler };
  const { handler: erasureHandler } = await import('../../src/functions/erasure');
  const { documentClient, tableName } = await import('../../src/store/client');
  const { s3Client, bucketName } = await import('../../src/storage/s3-client');
  const { QueryCommand } = await import('@aws-sdk/lib-dynamodb');
  const { ListObjectsV2Command } = await import('@aws-sdk/client-s3');
  const tag = uniqueTag();
  const sub = `purge-${tag}`;

  options.progress(
    `scaling: seeding a profile, ${options.purgeTodos} todos and ${options.purgeAttachments} attachments (with files)`,
  );
  const created = await handler(createUserEvent(sub, `p${tag}`));
  if (created.statusCode !== 201)
    throw new Error(`POST /users answered ${created.statusCode}: ${created.body}`);
  const todoIds = await seedTodos(sub, options.purgeTodos);
  await seedAttachments(sub, todoIds, options.purgeAttachments);

  const countItems = async () => {
    const { Count = 0 } = await documentClient.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': `USER#${sub}` },
        Select: 'COUNT',
        ConsistentRead: true,
      }),
    );
    return Count;
  };
  const itemsBefore = await countItems();

  // The erasure's steps arrive through the table's stream: delivered here, in this process, so that
  // the counters see every request they send (the local stack child leaves the stream alone).
  const { startStreamDelivery } = await import('../../local/event-sources/stream-delivery');
  const { streamMappingsOf } = await import('../../local/event-sources/stream-mappings');
  const { readTemplate } = await import('../../local/stack/local-template');
  const { TEMPLATE_PATH } = await import('../../paths');
  const { mockClient } = await import('aws-sdk-client-mock');
  const { AdminDeleteUserCommand, CognitoIdentityProviderClient } = await import(
    '@aws-sdk/client-cognito-identity-provider'
  );
  const cognito = mockClient(CognitoIdentityProviderClient);
  cognito.on(AdminDeleteUserCommand).resolves({});
  const previousPool = process.env.USER_POOL_ID;
  process.env.USER_POOL_ID = 'us-east-1_bench';
  const changes = await startStreamDelivery({
    mappings: streamMappingsOf(await readTemplate(TEMPLATE_PATH)),
    endpoint: process.env.DYNAMODB_ENDPOINT ?? '',
    region: process.env.AWS_REGION ?? 'us-east-1',
    accountId: '000000000000',
    tableNameOf: () => tableName,
    // The mapping's function, the erasure function (the users function takes the DELETE only).
    handlerOf: (id) => (id === 'ErasureFunction' ? (erasureHandler as never) : undefined),
    settingsOf: () => ({ functionName: 'erasure', memoryMb: 256, timeoutSeconds: 60 }),
    onFailure: (message) => options.progress(`scaling: ${message}`),
    select: (record) => record.dynamodb?.Keys?.PK?.S?.endsWith(`#${sub}`) === true,
    startingPosition: 'LATEST',
  });

  const dynamodb = countRequests(documentClient);
  const s3 = countRequests(s3Client);
  const started = performance.now();
  let response: APIGatewayProxyStructuredResultV2;
  try {
    response = await handler(deleteMyUserEvent(sub));
    await changes.idle();
  } finally {
    dynamodb.detach();
    s3.detach();
    await changes.close();
    cognito.restore();
    if (previousPool === undefined) delete process.env.USER_POOL_ID;
    else process.env.USER_POOL_ID = previousPool;
  }
  const durationMs = performance.now() - started;
  if (response.statusCode !== 202)
    throw new Error(`DELETE /users/me answered ${response.statusCode}: ${response.body}`);
  if (changes.deadLetters().length > 0)
    throw new Error(`The erasure stopped: ${JSON.stringify(changes.deadLetters())}`);

  const itemsLeft = await countItems();
  const files = await s3Client.send(
    new ListObjectsV2Command({ Bucket: bucketName, Prefix: `users/${sub}/` }),
  );
  // The profile and its username guard (outside the partition) go in one transaction; everything else in
  // the partition (todos, attachment records and counters) is what the batches must remove.
  const batchItems = itemsBefore - 1;
  const s3Total = s3.total();
  const purge: PurgeCount = {
    todos: options.purgeTodos,
    attachments: options.purgeAttachments,
    itemsDeleted: 2 + batchItems,
    dynamodbRequests: dynamodb.counts,
    s3Requests: s3.counts,
    batchWrites: dynamodb.counts.BatchWriteItemCommand ?? 0,
    minimumBatchWrites: Math.ceil(batchItems / 25),
    s3Total,
    minimumS3Requests: options.purgeAttachments > 0 ? 1 + Math.ceil(options.purgeAttachments / 1000) : 1,
    itemsLeft,
    filesLeft: files.KeyCount ?? 0,
    durationMs: Math.round(durationMs),
  };
  options.progress(
    `scaling: DELETE /users/me sent ${dynamodb.total()} DynamoDB requests ${JSON.stringify(dynamodb.counts)} ` +
      `(${purge.batchWrites} batch writes, minimum ${purge.minimumBatchWrites}) and ${s3Total} S3 requests ` +
      `${JSON.stringify(s3.counts)} in ${purge.durationMs} ms; left ${purge.itemsLeft} items, ${purge.filesLeft} files`,
  );
  return purge;
}
