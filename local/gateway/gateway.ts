/**
 * The emulated HTTP API as a loopback HTTP server: reads the request (refusing bodies over the
 * 10 MB payload limit with 413, as API Gateway does), runs it through the request pipeline, writes
 * the response and one structured JSON log line carrying the request id the Lambda saw.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listen } from '../stack/listen';
import type { HttpApi } from './http-api';
import { type ApiRequest, newRequestId, splitTarget } from './payload-event';
import { createRequestPipeline, gatewayMessage, type PipelineOptions } from './request-pipeline';

/** API Gateway's HTTP API payload limit. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface GatewayLogLine {
  time: string;
  requestId: string;
  ip: string;
  method: string;
  path: string;
  routeKey?: string;
  functionLogicalId?: string;
  status: number;
  protocol: string;
  responseLength: number;
  integrationLatencyMs?: number;
  latencyMs: number;
  error?: string;
}

export interface GatewayOptions extends PipelineOptions {
  /** 0 (the default) picks a free port. Always bound to 127.0.0.1. */
  port?: number;
  maxBodyBytes?: number;
  /** Where request log lines go; JSON lines on stdout by default. */
  log?: (line: GatewayLogLine) => void;
  /** Said in the error when the port is taken. */
  portHint?: string;
}

export interface Gateway {
  url: string;
  port: number;
  /** Serves another version of the API (routes, authorizers, CORS) from the next request on. */
  reload(api: HttpApi): void;
  close(): Promise<void>;
}

const stdoutLog = (line: GatewayLogLine) => process.stdout.write(`${JSON.stringify(line)}\n`);

export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  let pipeline = createRequestPipeline(options);
  const maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const log = options.log ?? stdoutLog;

  const server = createServer(async (req, res) => {
    const receivedAt = Date.now();
    const started = performance.now();
    const requestId = newRequestId();
    const request = {
      method: req.method ?? 'GET',
      target: req.url ?? '/',
      rawHeaders: req.rawHeaders,
      sourceIp: req.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1',
      httpVersion: req.httpVersion,
      localPort: req.socket.localPort ?? 0,
      requestId,
      receivedAt,
    };
    const body = await readBody(req, maxBodyBytes).catch(() => undefined);
    if (body === undefined) {
      res.destroy(); // the client went away mid-body; nobody is left to answer
      return;
    }
    const outcome =
      body === 'too-large'
        ? {
            response: gatewayMessage(413, 'Request Entity Too Large', { 'apigw-requestid': requestId }),
            error: `body over ${maxBodyBytes} bytes`,
          }
        : await pipeline({ ...request, body } satisfies ApiRequest).catch((error: unknown) => ({
            response: gatewayMessage(500, 'Internal Server Error', { 'apigw-requestid': requestId }),
            error: `gateway: ${String(error)}`,
          }));
    const { response } = outcome;
    writeResponse(res, response.statusCode, response.headers, response.body, body === 'too-large');
    log({
      time: new Date(receivedAt).toISOString(),
      requestId,
      ip: request.sourceIp,
      method: request.method,
      path: splitTarget(request.target).rawPath,
      ...('routeKey' in outcome && outcome.routeKey ? { routeKey: outcome.routeKey } : {}),
      ...('functionLogicalId' in outcome && outcome.functionLogicalId
        ? { functionLogicalId: outcome.functionLogicalId }
        : {}),
      status: response.statusCode,
      protocol: `HTTP/${request.httpVersion}`,
      responseLength: response.body.length,
      ...('integrationLatencyMs' in outcome ? { integrationLatencyMs: outcome.integrationLatencyMs } : {}),
      latencyMs: Math.round(performance.now() - started),
      ...(outcome.error ? { error: outcome.error } : {}),
    });
  });
  // Keep-alive sockets must not hold close() open; the gateway closes them itself.
  server.keepAliveTimeout = 5_000;

  const port = await listen(server, options.port ?? 0, 'the local API', options.portHint);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    reload: (api) => {
      pipeline = createRequestPipeline({ ...options, api });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The whole body, or 'too-large' as soon as it passes the limit (the rest is drained, not kept). */
function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | 'too-large'> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) {
    req.resume();
    return Promise.resolve('too-large');
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) tooLarge = true;
      if (!tooLarge) chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function writeResponse(
  res: ServerResponse,
  statusCode: number,
  headers: Record<string, string | string[]>,
  body: Buffer,
  closeConnection: boolean,
): void {
  res.statusCode = statusCode;
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.setHeader('content-length', body.length);
  if (closeConnection) res.setHeader('connection', 'close');
  res.end(body);
}
