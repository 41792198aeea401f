/**
 * The attachments bucket on loopback: s3rver with its files under `$DATA_DIR/s3`, the bucket created
 * on start with the CORS rules of the template's `Bucket` (AllowedOrigins resolved locally, `*` by
 * default), so browsers can PUT and GET through presigned URLs from another origin.
 *
 * s3rver knows one account, key id `S3RVER` / secret `S3RVER`: the functions must sign with those.
 * It checks the key id and the expiry of a presigned URL but not the SigV4 signature itself, and it
 * serves anonymous requests as if the bucket were public. So the server refuses what S3 refuses
 * before s3rver sees it, with S3's 403: an unsigned request (./anonymous-request.ts), and a presigned
 * one whose signature does not hold (./presigned-url-check.ts), so an upload of another type, size
 * or key than the URL was signed for fails locally too.
 */

import { mkdir } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import S3rver from 's3rver';
import { listen } from '../stack/listen';
import { anonymousRefusal } from './anonymous-request';
import type { CreatedObject } from './bucket-events';
import { presignedRefusal, refusalXml } from './presigned-url-check';

export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

export interface CorsRule {
  AllowedMethods: string[];
  AllowedOrigins: string[];
  AllowedHeaders?: string[];
  ExposedHeaders?: string[];
  MaxAge?: number;
}

export const DEFAULT_BUCKET_CORS: CorsRule[] = [
  {
    AllowedMethods: ['PUT', 'GET', 'HEAD'],
    AllowedOrigins: ['*'],
    AllowedHeaders: ['*'],
    ExposedHeaders: ['ETag'],
    MaxAge: 3000,
  },
];

export interface S3ServerOptions {
  directory: string;
  bucket: string;
  cors?: CorsRule[];
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Told of every object stored (a PUT, a copy, a completed multipart upload). */
  onObjectCreated?: (object: CreatedObject) => void;
}

export interface S3Server {
  endpoint: string;
  bucket: string;
  close(): Promise<void>;
}

export async function startS3Server(options: S3ServerOptions): Promise<S3Server> {
  await mkdir(options.directory, { recursive: true });
  const s3rver = new S3rver({
    directory: options.directory,
    silent: true,
    configureBuckets: [{ name: options.bucket, configs: [corsXmlOf(options.cors ?? DEFAULT_BUCKET_CORS)] }],
  });
  // s3rver warns through its logger when the bucket already exists: expected on every restart.
  await s3rver.configureBuckets();
  const { onObjectCreated } = options;
  if (onObjectCreated) s3rver.on('event', (event) => createdObjectsOf(event).forEach(onObjectCreated));
  // Our own server rather than s3rver.run(): run() leaves a taken port as an uncaught 'error' event.
  const handle = s3rver.callback();
  const cors = options.cors ?? DEFAULT_BUCKET_CORS;
  const server = createServer((request, response) => {
    const described = { method: request.method ?? 'GET', url: request.url ?? '/', headers: request.headers };
    // A CORS preflight carries the URL but is not the signed request: S3 answers it from the CORS rules.
    const refusal =
      request.method === 'OPTIONS'
        ? undefined
        : (anonymousRefusal(described) ?? presignedRefusal(described, S3RVER_CREDENTIALS));
    if (!refusal) {
      answerCorsAsS3(request, response, cors);
      return handle(request, response);
    }
    request.resume(); // the body is not wanted; drain it so the connection can be reused
    // S3 evaluates the bucket's CORS rules for every cross-origin request, refused ones included, so a
    // page can read why it was refused.
    const { xml, requestId, hostId } = refusalXml(refusal);
    response.writeHead(403, {
      'content-type': 'application/xml',
      'x-amz-request-id': requestId,
      'x-amz-id-2': hostId,
      ...corsHeadersOf(request, cors),
    });
    response.end(xml);
  });
  const port = await listen(server, options.port ?? 0, 'the local S3');
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket: options.bucket,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          s3rver.logger.exceptions.unhandle();
          s3rver.logger.close();
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}

/** s3rver's event (S3's notification format: Records of `ObjectCreated:Put` and the like) → the objects it created. */
function createdObjectsOf(event: unknown): CreatedObject[] {
  const records = (event as { Records?: S3rverRecord[] }).Records ?? [];
  return records
    .filter((record) => record.eventName?.startsWith('ObjectCreated:'))
    .map(({ s3 }) => ({
      bucket: s3?.bucket?.name ?? '',
      key: s3?.object?.key ?? '',
      size: s3?.object?.size ?? 0,
      etag: s3?.object?.eTag ?? '',
    }));
}

interface S3rverRecord {
  eventName?: string;
  s3?: { bucket?: { name?: string }; object?: { key?: string; size?: number; eTag?: string } };
}

/**
 * s3rver's CORS answers differ from S3's in two ways a frontend could trip over: it answers `*` to a
 * rule that lists origins (S3 names the origin), and it sends CORS headers without an Origin (S3 does
 * not). Its headers are replaced by S3's just before they go out; preflights it matches or refuses
 * keep their status.
 */
function answerCorsAsS3(request: IncomingMessage, response: ServerResponse, rules: CorsRule[]): void {
  const writeHead = response.writeHead.bind(response) as (...args: unknown[]) => ServerResponse;
  response.writeHead = ((...args: unknown[]) => {
    const origin = request.headers.origin;
    const matchedPreflight =
      request.method === 'OPTIONS' && response.getHeader('access-control-allow-origin') !== undefined;
    if (origin && matchedPreflight) {
      // s3rver matched the rules: its methods, headers and max age stand; the origin is named as S3 does.
      const wildcard = rules.some((rule) => rule.AllowedOrigins.includes('*'));
      response.setHeader('access-control-allow-origin', wildcard ? '*' : origin);
    } else {
      for (const name of response.getHeaderNames())
        if (name.startsWith('access-control-')) response.removeHeader(name);
      if (origin && request.method !== 'OPTIONS')
        for (const [name, value] of Object.entries(corsHeadersOf(request, rules)))
          response.setHeader(name, value);
    }
    return writeHead(...args);
  }) as ServerResponse['writeHead'];
}

/** The CORS headers S3 adds to any answer, errors included, for an origin a rule allows. */
function corsHeadersOf(request: IncomingMessage, rules: CorsRule[]): Record<string, string> {
  const origin = request.headers.origin;
  if (!origin) return {};
  const rule = rules.find(
    (r) =>
      (r.AllowedOrigins.includes('*') || r.AllowedOrigins.includes(origin)) &&
      r.AllowedMethods.includes(request.method ?? ''),
  );
  if (!rule) return {};
  return {
    'access-control-allow-origin': rule.AllowedOrigins.includes('*') ? '*' : origin,
    vary: 'Origin',
    ...(rule.ExposedHeaders?.length
      ? { 'access-control-expose-headers': rule.ExposedHeaders.join(', ') }
      : {}),
  };
}

function corsXmlOf(rules: CorsRule[]): string {
  const xmlText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const element = (name: string, values: readonly unknown[] | undefined) =>
    (values ?? []).map((value) => `<${name}>${xmlText(String(value))}</${name}>`).join('');
  const body = rules
    .map(
      (rule) =>
        '<CORSRule>' +
        element('AllowedOrigin', rule.AllowedOrigins) +
        element('AllowedMethod', rule.AllowedMethods) +
        element('AllowedHeader', rule.AllowedHeaders) +
        element('ExposeHeader', rule.ExposedHeaders) +
        element('MaxAgeSeconds', rule.MaxAge === undefined ? [] : [rule.MaxAge]) +
        '</CORSRule>',
    )
    .join('');
  return `<CORSConfiguration>${body}</CORSConfiguration>`;
}
