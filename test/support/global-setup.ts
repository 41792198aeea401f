/**
 * Vitest global setup: one AWS DynamoDB Local (in memory) and one local S3 (s3rver, in a temporary
 * directory) for the whole run, the table created from infra/template.yaml and the attachments
 * bucket with its CORS rules. Test files share both and keep apart by using fresh user ids.
 * The endpoints reach the workers through process.env, which they inherit.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ensureTable } from '../../local/dynamodb/create-table';
import { startDynamoDbLocal } from '../../local/dynamodb/dynamodb-local';
import { S3RVER_CREDENTIALS, startS3Server } from '../../local/s3/s3-server';
import { TEST_CLIENT_ID } from './events';

export const TEST_BUCKET = 'swiftyplanner-attachments';

export default async function setup(): Promise<() => Promise<void>> {
  const s3Directory = await mkdtemp(join(tmpdir(), 'swiftyplanner-s3-'));
  const [dynamodb, s3] = await Promise.all([
    startDynamoDbLocal(),
    startS3Server({ directory: s3Directory, bucket: TEST_BUCKET }),
  ]);
  Object.assign(process.env, {
    DYNAMODB_ENDPOINT: dynamodb.endpoint,
    S3_ENDPOINT: s3.endpoint,
    TABLE_NAME: 'SwiftyPlanner',
    BUCKET_NAME: TEST_BUCKET,
    // The app client whose access tokens the functions take, the one of the test events' tokens.
    USER_POOL_CLIENT_ID: TEST_CLIENT_ID,
    AWS_REGION: 'us-east-1',
    // The pool whose users an erasure deletes (tests mock Cognito: aws-sdk-client-mock).
    USER_POOL_ID: 'us-east-1_test',
    // s3rver knows one key pair; DynamoDB Local (-sharedDb) accepts any, so both use it.
    AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'SILENT',
    // Node 20 here, nodejs22.x on Lambda: the SDK's notice about its future Node 22 floor is known.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });
  const client = new DynamoDBClient({ endpoint: dynamodb.endpoint });
  await ensureTable(client, 'SwiftyPlanner');
  client.destroy();
  return async () => {
    await Promise.all([dynamodb.stop(), s3.close()]);
    await rm(s3Directory, { recursive: true, force: true });
  };
}
