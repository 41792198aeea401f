/**
 * Setup file of the unit lane (every `*.test.ts` that is neither `.integration.` nor `.e2e.`, see
 * vitest.config.ts). Unit tests run without DynamoDB Local, S3, the local stack or any network, so
 * that `npm run test:unit` is a fast loop that needs nothing but Node. A test that opens a server or a
 * connection anyway fails at once with the lane it belongs in, instead of passing on a machine that
 * happens to run something on that port (or reaching AWS with a developer's credentials).
 */
import net from 'node:net';

/** Thrown by a unit test that tried to listen or connect. */
class NetworkInUnitLaneError extends Error {
  override name = 'NetworkInUnitLaneError';
}

function refuse(what: string): () => never {
  return () => {
    throw new NetworkInUnitLaneError(
      `${what} in the unit lane, which runs without servers and network. Rename the test file: ` +
        '*.integration.test.ts if it needs DynamoDB Local or the local S3 (or serves on loopback), ' +
        '*.e2e.test.ts if it starts the local stack or spawns servers.',
    );
  };
}

// Every server (http, the gateway, s3rver, Prism in process) listens through net.Server, and every
// client (fetch, the AWS SDK, http.request) connects through net.Socket.
net.Server.prototype.listen = refuse('A server tried to listen') as never;
net.Socket.prototype.connect = refuse('A connection was opened') as never;

// A shell's endpoints (left over from `npm start` or a seed) must not point a unit test at a database.
for (const name of ['DYNAMODB_ENDPOINT', 'S3_ENDPOINT']) delete process.env[name];
