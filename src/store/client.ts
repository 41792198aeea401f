import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { guardDependencyCalls } from '../aws/dependency-calls';
import { TableUnavailable } from './errors';

/**
 * One document client per container (module scope), reused across invocations as Lambda intends.
 * DYNAMODB_ENDPOINT points it at DynamoDB Local; on AWS it is unset and the SDK's defaults apply,
 * except for time: the SDK would wait for an answer up to 5 minutes, and the gateway gives up at 29 s
 * (a bare 503, no problem+json, no log line, and the write may still land). A request that does not
 * connect in 2 s or answer in 5 s is retried (3 attempts), and every call ends with the request's time
 * budget (../aws/time-budget.ts). Throttled, timed out, unreachable or failing: TableUnavailable
 * (../aws/dependency-calls.ts), a 503.
 */
export const tableName = process.env.TABLE_NAME ?? 'SwiftyPlanner';

export const documentClient = guardDependencyCalls(
  DynamoDBDocumentClient.from(
    new DynamoDBClient({
      ...(process.env.DYNAMODB_ENDPOINT ? { endpoint: process.env.DYNAMODB_ENDPOINT } : {}),
      maxAttempts: 3,
      requestHandler: { connectionTimeout: 2_000, requestTimeout: 5_000, throwOnRequestTimeout: true },
    }),
    { marshallOptions: { removeUndefinedValues: true } },
  ),
  (cause) => new TableUnavailable({ cause }),
);
