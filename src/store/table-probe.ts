import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient, tableName } from './client';
import { HEALTH_PROBE_KEY } from './keys';

/**
 * Whether DynamoDB serves this function's table: one eventually consistent GetItem of a key that
 * holds no item (./keys.ts), answered with no item when the table is there. It goes through the
 * client every request uses (endpoint, credentials, dynamodb:GetItem, which the API's functions hold) and
 * costs half a read capacity unit. Throws what the client throws; `abortSignal` bounds the wait.
 */
export async function probeTable(abortSignal: AbortSignal): Promise<void> {
  await documentClient.send(new GetCommand({ TableName: tableName, Key: HEALTH_PROBE_KEY }), { abortSignal });
}
