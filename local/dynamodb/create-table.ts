import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  type StreamViewType,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { loadTableDefinition } from './table-definition';

/**
 * Creates the table from infra/template.yaml unless it exists (DynamoDB Local, tests). Idempotent.
 * A table kept from before (`$DATA_DIR/dynamodb`) gets the template's stream if it lacks it, as
 * CloudFormation would enable it on an update.
 */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  const definition = loadTableDefinition(tableName);
  try {
    await client.send(new CreateTableCommand(definition.create));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
    await ensureStream(client, tableName, definition.streamViewType);
    return;
  }
  await untilActive(client, tableName);
  if (definition.ttlAttribute) {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: definition.ttlAttribute, Enabled: true },
      }),
    );
  }
}

async function ensureStream(
  client: DynamoDBClient,
  tableName: string,
  viewType: StreamViewType | undefined,
): Promise<void> {
  if (!viewType) return;
  const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
  const current = Table?.StreamSpecification;
  if (current?.StreamEnabled && current.StreamViewType === viewType) return;
  // Another view type cannot be changed in place: the stream is turned off, then on again.
  if (current?.StreamEnabled) {
    await client.send(
      new UpdateTableCommand({ TableName: tableName, StreamSpecification: { StreamEnabled: false } }),
    );
    await untilActive(client, tableName);
  }
  await client.send(
    new UpdateTableCommand({
      TableName: tableName,
      StreamSpecification: { StreamEnabled: true, StreamViewType: viewType },
    }),
  );
  await untilActive(client, tableName);
}

async function untilActive(client: DynamoDBClient, tableName: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
