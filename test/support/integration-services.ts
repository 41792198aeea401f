/**
 * Global setup of the integration lane (`*.integration.test.ts`, see vitest.config.ts): one AWS
 * DynamoDB Local (in memory) and one local S3 (s3rver, in a temporary directory) for the whole run,
 * the table created from infra/template.yaml and the attachments bucket with its CORS rules. Test
 * files share both and keep apart by using fresh user ids.
 *
 * The endpoints reach the lane's workers through `provide` and ./integration-env.ts, not through this
 * process's environment: the unit lane's workers are forked from the same process and must not see
 * them.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { TestProject } from 'vitest/node';
import { ensureTable } from '../../local/dynamodb/create-table';
import { startDynamoDbLocal } from '../../local/dynamodb/dynamodb-local';
import { S3RVER_CREDENTIALS, startS3Server } from '../../local/s3/s3-server';

export const TEST_BUCKET = 'swiftyplanner-attachments';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The variables the functions read to reach DynamoDB Local and the local S3. */
    integrationEnv: Record<string, string>;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // For the client below (the workers get it from vitest.config.ts): Node 20 here, nodejs22.x on
  // Lambda, so the SDK's notice about its future Node 22 floor is known.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const s3Directory = await mkdtemp(join(tmpdir(), 'swiftyplanner-s3-'));
  const [dynamodb, s3] = await Promise.all([
    startDynamoDbLocal(),
    startS3Server({ directory: s3Directory, bucket: TEST_BUCKET }),
  ]);
  const region = 'us-east-1';
  project.provide('integrationEnv', {
    DYNAMODB_ENDPOINT: dynamodb.endpoint,
    S3_ENDPOINT: s3.endpoint,
    TABLE_NAME: 'SwiftyPlanner',
    BUCKET_NAME: TEST_BUCKET,
    AWS_REGION: region,
    // s3rver knows one key pair; DynamoDB Local (-sharedDb) accepts any, so both use it.
    AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
  });
  const stop = async () => {
    await Promise.all([dynamodb.stop(), s3.close()]);
    await rm(s3Directory, { recursive: true, force: true });
  };
  const client = new DynamoDBClient({ endpoint: dynamodb.endpoint, region, credentials: S3RVER_CREDENTIALS });
  try {
    await ensureTable(client, 'SwiftyPlanner');
  } catch (error) {
    await stop();
    throw error;
  } finally {
    client.destroy();
  }
  return stop;
}
