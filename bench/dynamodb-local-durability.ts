/**
 * `npm run bench:dynamodb-local-durability [-- --rounds=20 --workers=8]`: does DynamoDB Local keep a
 * write it has answered when java is killed right after? Nothing of ours is in the way: each round
 * starts DynamoDB Local on a database file, has several workers write to it as fast as it answers
 * (UpdateItem and one-item TransactWriteItems, alternately), kills java with SIGKILL at a random
 * moment, starts it again on the same file and reads every item back. A write whose answer arrived
 * but whose value is not there was lost; the output says how long before the kill it was answered.
 *
 * The fault test's ledger (test/local/support/todo-ledger.ts, UNSYNCED_MS) rests on what this
 * measures: see docs/local-stack.md#when-dynamodb-local-or-the-s3-dies.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { startDynamoDbLocal } from '../local/dynamodb/dynamodb-local';

const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '20' }, workers: { type: 'string', default: '8' } },
});
const rounds = Number(values.rounds);
const workers = Number(values.workers);
const TableName = 'durability';

const clientOf = (endpoint: string) =>
  new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1, // a retry would blur which answer belongs to which write
  });

/** One write: the item `key` gets the value `value`, by UpdateItem or by a transaction. */
function write(client: DynamoDBClient, key: string, value: number) {
  const update = {
    TableName,
    Key: { pk: { S: key } },
    UpdateExpression: 'SET v = :v',
    ExpressionAttributeValues: { ':v': { N: String(value) } },
  };
  return value % 2
    ? client.send(new UpdateItemCommand(update))
    : client.send(new TransactWriteItemsCommand({ TransactItems: [{ Update: update }] }));
}

/** Milliseconds before the kill at which each lost write had been answered. */
async function round(): Promise<{ answered: number; lost: number[] }> {
  const dbPath = await mkdtemp(join(tmpdir(), 'swiftyplanner-durability-'));
  try {
    let dynamodb = await startDynamoDbLocal({ dbPath });
    let client = clientOf(dynamodb.endpoint);
    await client.send(
      new CreateTableCommand({
        TableName,
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    // the last value each item was acknowledged with, and when; each third write starts a new item
    const acknowledged = new Map<string, { value: number; at: number }>();
    let answered = 0;
    let killed = false;
    const writing = Array.from({ length: workers }, async (_, worker) => {
      for (let value = 1; !killed; value++) {
        const key = `w${worker}-${Math.floor(value / 3)}`;
        try {
          await write(client, key, value);
          acknowledged.set(key, { value, at: Date.now() });
          answered++;
        } catch {
          // refused or reset by the kill: not acknowledged, so nothing to check
        }
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 1500 + Math.random() * 1500));
    process.kill(dynamodb.pid as number, 'SIGKILL');
    const killedAt = Date.now();
    killed = true;
    await Promise.all([dynamodb.exited, ...writing]);

    dynamodb = await startDynamoDbLocal({ dbPath });
    client = clientOf(dynamodb.endpoint);
    const lost: number[] = [];
    for (const [key, { value, at }] of acknowledged) {
      const read = await client.send(
        new GetItemCommand({ TableName, Key: { pk: { S: key } }, ConsistentRead: true }),
      );
      if (Number(read.Item?.v?.N ?? 0) < value) lost.push(killedAt - at);
    }
    await dynamodb.stop();
    return { answered, lost };
  } finally {
    await rm(dbPath, { recursive: true, force: true });
  }
}

let answered = 0;
let roundsThatLost = 0;
const lost: number[] = [];
for (let n = 1; n <= rounds; n++) {
  const result = await round();
  answered += result.answered;
  lost.push(...result.lost);
  if (result.lost.length) roundsThatLost++;
  process.stderr.write(
    `round ${n} of ${rounds}: ${result.answered} writes answered, ${result.lost.length} lost` +
      `${result.lost.length ? ` (answered ${result.lost.join(', ')} ms before the kill)` : ''}\n`,
  );
}
process.stdout.write(
  `${rounds} kills, ${answered} acknowledged writes: ${lost.length} lost, in ${roundsThatLost} of the ${rounds} rounds` +
    `${lost.length ? `; the earliest was answered ${Math.max(...lost)} ms before its kill` : ''}\n`,
);
