/**
 * A dependency that takes the connection and never answers fails the request within seconds (a 503
 * problem from the function, with its log line) instead of holding it until the gateway's 29 s: the
 * functions' own DynamoDB and S3 request handlers, pointed at a server that never answers.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3Client } from '../../src/storage/s3-client';
import { documentClient } from '../../src/store/client';

let silent: Server;
let endpoint: string;
const sockets: Socket[] = [];

beforeAll(async () => {
  silent = createServer((socket) => sockets.push(socket)); // reads the request, never answers
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const address = silent.address();
  endpoint = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => silent.close(resolve));
});

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const handlerOf = (client: { config: unknown }) =>
  (client.config as { requestHandler: unknown }).requestHandler;

describe('a dependency that never answers', () => {
  it('fails a DynamoDB request of the store after its request timeout', async () => {
    const client = new DynamoDBClient({
      endpoint,
      region: 'us-east-1',
      credentials,
      maxAttempts: 1,
      requestHandler: handlerOf(documentClient) as never,
    });
    const connections = sockets.length;

    await expect(
      client.send(
        new GetItemCommand({ TableName: 'SwiftyPlanner', Key: { PK: { S: 'a' }, SK: { S: 'b' } } }),
      ),
    ).rejects.toThrow(/exceeded the configured 5000 ms requestTimeout/);
    // The request reached the silent server (so the time ran out there, not on the way).
    expect(sockets.length - connections).toBe(1);
  }, 20_000);

  it('fails an S3 request of the functions after its request timeout', async () => {
    const client = new S3Client({
      endpoint,
      forcePathStyle: true,
      region: 'us-east-1',
      credentials,
      maxAttempts: 1,
      requestHandler: handlerOf(s3Client) as never,
    });
    const connections = sockets.length;

    await expect(client.send(new ListObjectsV2Command({ Bucket: 'b', Prefix: 'users/' }))).rejects.toThrow(
      /exceeded the configured 5000 ms requestTimeout/,
    );
    expect(sockets.length - connections).toBe(1);
  }, 20_000);
});
