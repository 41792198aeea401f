/**
 * A DynamoDB endpoint that accepts every write and finds nothing, over real HTTP. The memory
 * benchmark sends 10,000 requests per process through the SDK; DynamoDB Local takes milliseconds per
 * write on a shared machine, this takes microseconds, and the SDK's work (signing, HTTP, parsing) is
 * the same either way. Only for writes and empty reads: it keeps nothing.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface DynamoDbStandIn {
  endpoint: string;
  /** Requests per operation (`PutItem`, `TransactWriteItems`, ...). */
  requests: Record<string, number>;
  stop(): Promise<void>;
}

const answers: Record<string, unknown> = {
  Query: { Items: [], Count: 0, ScannedCount: 0 },
  Scan: { Items: [], Count: 0, ScannedCount: 0 },
  BatchGetItem: { Responses: {}, UnprocessedKeys: {} },
  BatchWriteItem: { UnprocessedItems: {} },
};

export async function startDynamoDbStandIn(): Promise<DynamoDbStandIn> {
  const requests: Record<string, number> = {};
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const target = String(request.headers['x-amz-target'] ?? '');
      const operation = target.slice(target.indexOf('.') + 1);
      requests[operation] = (requests[operation] ?? 0) + 1;
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
      response.end(JSON.stringify(answers[operation] ?? {}));
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
