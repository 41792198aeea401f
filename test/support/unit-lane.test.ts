/**
 * The unit lane's guard (./unit-lane.ts) is on: in a unit test a server or a connection fails at once,
 * and no endpoint of DynamoDB or S3 is set. If this file ever passes without it, the lane is no longer
 * free of servers and network.
 */
import net from 'node:net';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';

// Matched by name, not imported: importing ./unit-lane.ts here would install the guard by itself.
const refused = expect.objectContaining({ name: 'NetworkInUnitLaneError' });

describe('the unit lane', () => {
  it('refuses to start a server', () => {
    const server = net.createServer();

    expect(() => server.listen(0, '127.0.0.1')).toThrow(refused);
    expect(() => server.listen(0, '127.0.0.1')).toThrow('*.integration.test.ts');
    expect(server.listening).toBe(false);
  });

  it('refuses connections, fetch and the AWS SDK included', async () => {
    const dynamodb = new DynamoDBClient({
      endpoint: 'http://127.0.0.1:8000',
      region: 'us-east-1',
      credentials: { accessKeyId: 'unit', secretAccessKey: 'unit' },
      maxAttempts: 1,
    });

    expect(() => net.connect(8000, '127.0.0.1')).toThrow(refused);
    await expect(fetch('http://127.0.0.1:8000/')).rejects.toMatchObject({ cause: refused });
    await expect(dynamodb.send(new ListTablesCommand({}))).rejects.toThrow(refused);
  });

  it('sets no endpoint of DynamoDB Local or the local S3', () => {
    expect(process.env.DYNAMODB_ENDPOINT).toBeUndefined();
    expect(process.env.S3_ENDPOINT).toBeUndefined();
  });
});
