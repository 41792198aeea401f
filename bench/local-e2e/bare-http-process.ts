/**
 * The gateway benchmark's reference: Node's HTTP server alone, in its own process, reading each
 * request's body and answering 200 with a small JSON body, as the gateway's server does around its
 * pipeline. Its CPU per request, from the same run and the same load, is what any Node HTTP server
 * pays here, so the gateway's figure can be read against it. `tsx bench/local-e2e/bare-http-process.ts`,
 * started by ./stack-child.ts; it stops when its stdin closes.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const body = Buffer.from(
      JSON.stringify({ method: request.method, url: request.url, bytes: Buffer.concat(chunks).length }),
    );
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
    response.end(body);
  });
});
server.keepAliveTimeout = 5_000;
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

if (!process.send) throw new Error('bare-http-process.ts reports over IPC: start it with ./stack-child.ts');
const { port } = server.address() as AddressInfo;
process.send({ url: `http://127.0.0.1:${port}`, pid: process.pid });

process.stdin.on('end', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
process.stdin.resume();
