import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * One document client per container (module scope), reused across invocations as Lambda intends.
 * DYNAMODB_ENDPOINT points it at DynamoDB Local; on AWS it is unset and the SDK's defaults apply.
 */
export const tableName = process.env.TABLE_NAME ?? 'SwiftyPlanner';

export const documentClient = DynamoDBDocumentClient.from(
  new DynamoDBClient({
    ...(process.env.DYNAMODB_ENDPOINT ? { endpoint: process.env.DYNAMODB_ENDPOINT } : {}),
    maxAttempts: 3,
  }),
  { marshallOptions: { removeUndefinedValues: true } },
);
