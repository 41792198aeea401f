/**
 * Vitest global setup: one AWS DynamoDB Local (in memory) for the whole run, with the table created
 * from infra/template.yaml. Test files share the table and keep apart by using fresh user ids.
 * The endpoint reaches the workers through process.env, which they inherit.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startDynamoDbLocal } from '../../src/local/dynamodb-local';
import { ensureTable } from '../../src/store/create-table';

export default async function setup(): Promise<() => Promise<void>> {
  const dynamodb = await startDynamoDbLocal();
  Object.assign(process.env, {
    DYNAMODB_ENDPOINT: dynamodb.endpoint,
    TABLE_NAME: 'SwiftyPlanner',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'SILENT',
  });
  const client = new DynamoDBClient({ endpoint: dynamodb.endpoint });
  await ensureTable(client, 'SwiftyPlanner');
  client.destroy();
  return async () => {
    await dynamodb.stop();
  };
}
