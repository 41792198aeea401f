/**
 * Where the bench's requests go: the local stack's DynamoDB Local and S3 when the end-to-end benchmark
 * runs (so both of its sides, and every other benchmark, share one DynamoDB Local), otherwise a
 * DynamoDB Local in memory (or one already running) and a local S3. It sets the environment the
 * functions read at import (table, bucket, endpoints, credentials s3rver accepts), for this process
 * and for the cold-start children, and puts the previous values back on stop().
 */
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ensureTable } from '../local/dynamodb/create-table';
import { startDynamoDbLocal } from '../local/dynamodb/dynamodb-local';
import { S3RVER_CREDENTIALS, startS3Server } from '../local/s3/s3-server';
import { TEST_CLIENT_ID } from '../test/support/events';
import { type StackChild, startStackChild } from './local-e2e/stack-child';

export interface BenchEnvironment {
  dynamodbEndpoint: string;
  /** The running local stack, when the end-to-end benchmark needs it. */
  stack?: StackChild;
  /** The sub the stack's token was issued for. */
  stackSub: string;
  /** Environment for the cold-start and memory children (besides their DynamoDB endpoint). */
  childEnv: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

export interface EnvironmentOptions {
  workDir: string;
  withStack: boolean;
  dynamodbEndpoint?: string;
  progress(line: string): void;
}

const TABLE_NAME = 'SwiftyPlanner';
const BUCKET_NAME = 'swiftyplanner-attachments';

export async function startBenchEnvironment(options: EnvironmentOptions): Promise<BenchEnvironment> {
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const step of stops.splice(0).reverse()) await step().catch(() => undefined);
  };
  const stackSub = `e2e-${Math.random().toString(36).slice(2, 10)}`;
  try {
    let dynamodbEndpoint: string;
    let s3Endpoint: string;
    let tableName = TABLE_NAME;
    let bucket = BUCKET_NAME;
    let stack: StackChild | undefined;
    if (options.withStack) {
      options.progress(
        'environment: starting the local stack (DynamoDB Local, S3, JWT issuer, HTTP API emulator)',
      );
      stack = await startStackChild(join(options.workDir, 'stack-data'), stackSub);
      stops.push(stack.stop);
      ({ tableName, bucket } = stack);
      dynamodbEndpoint = stack.endpoints.dynamodb;
      s3Endpoint = stack.endpoints.s3;
      options.progress(`environment: local stack on ${stack.url}, DynamoDB Local on ${dynamodbEndpoint}`);
    } else {
      if (options.dynamodbEndpoint) {
        dynamodbEndpoint = options.dynamodbEndpoint;
      } else {
        options.progress('environment: starting DynamoDB Local (in memory)');
        const dynamodb = await startDynamoDbLocal();
        stops.push(dynamodb.stop);
        dynamodbEndpoint = dynamodb.endpoint;
      }
      const s3 = await startS3Server({ directory: join(options.workDir, 's3'), bucket });
      stops.push(s3.close);
      s3Endpoint = s3.endpoint;
    }

    const variables: Record<string, string> = {
      TABLE_NAME: tableName,
      BUCKET_NAME: bucket,
      DYNAMODB_ENDPOINT: dynamodbEndpoint,
      S3_ENDPOINT: s3Endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
      // The app client the functions accept access tokens of: the one the bench's events name.
      USER_POOL_CLIENT_ID: TEST_CLIENT_ID,
      // The SDK's notice that its next versions need Node 22 (Lambda runs 22).
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      // In-process handlers stay quiet here; the warm benchmark switches their log on by itself.
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    };
    const previous = Object.fromEntries(Object.keys(variables).map((name) => [name, process.env[name]]));
    Object.assign(process.env, variables);
    stops.push(async () => {
      for (const [name, value] of Object.entries(previous)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    });

    if (!stack) {
      const client = new DynamoDBClient({ endpoint: dynamodbEndpoint });
      await ensureTable(client, tableName).finally(() => client.destroy());
    }
    // The children log as on Lambda: one INFO line per request.
    const childEnv: NodeJS.ProcessEnv = { ...process.env, ...variables, POWERTOOLS_LOG_LEVEL: 'INFO' };
    return { dynamodbEndpoint, ...(stack ? { stack } : {}), stackSub, childEnv, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
