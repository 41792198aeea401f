import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { startDynamoDbLocal } from '../../src/local/dynamodb-local';
import { ensureTable } from '../../src/store/create-table';

const ddb = await startDynamoDbLocal();
const raw = new DynamoDBClient({
  endpoint: ddb.endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
});
await ensureTable(raw, 'Tab');
const c = DynamoDBDocumentClient.from(raw);
const T = 'Tab';
const item = { PK: 'U#1', SK: 'TODO#1', GSI1PK: 'x', GSI1SK: 'y', title: 'x'.repeat(300) };
console.log(
  'put',
  (await c.send(new PutCommand({ TableName: T, Item: item, ReturnConsumedCapacity: 'TOTAL' })))
    .ConsumedCapacity,
);
console.log(
  'tx',
  (
    await c.send(
      new TransactWriteCommand({
        TransactItems: [{ Put: { TableName: T, Item: { ...item, SK: 'TODO#2' } } }],
        ReturnConsumedCapacity: 'TOTAL',
      }),
    )
  ).ConsumedCapacity,
);
console.log(
  'get',
  (
    await c.send(
      new GetCommand({
        TableName: T,
        Key: { PK: 'U#1', SK: 'TODO#1' },
        ConsistentRead: true,
        ReturnConsumedCapacity: 'TOTAL',
      }),
    )
  ).ConsumedCapacity,
);
console.log(
  'get-ec',
  (
    await c.send(
      new GetCommand({ TableName: T, Key: { PK: 'U#1', SK: 'TODO#1' }, ReturnConsumedCapacity: 'TOTAL' }),
    )
  ).ConsumedCapacity,
);
console.log(
  'q',
  (
    await c.send(
      new QueryCommand({
        TableName: T,
        KeyConditionExpression: 'PK = :p',
        ExpressionAttributeValues: { ':p': 'U#1' },
        ReturnConsumedCapacity: 'TOTAL',
      }),
    )
  ).ConsumedCapacity,
);
console.log(
  'bw',
  JSON.stringify(
    (
      await c.send(
        new BatchWriteCommand({
          RequestItems: { Tab: [{ DeleteRequest: { Key: { PK: 'U#1', SK: 'TODO#1' } } }] },
          ReturnConsumedCapacity: 'TOTAL',
        }),
      )
    ).ConsumedCapacity,
  ),
);
await ddb.stop();
