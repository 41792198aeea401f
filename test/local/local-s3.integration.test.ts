/**
 * The local S3 (s3rver): the attachments bucket exists with the template's CORS rules, so a browser
 * on another origin can PUT and GET through presigned URLs, and objects survive a restart.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3RVER_CREDENTIALS, type S3Server, startS3Server } from '../../local/s3/s3-server';
import { localParameters, localValuesOf } from '../../local/stack/local-parameters';
import { bucketCorsOf, readTemplate } from '../../local/stack/local-template';
import { TEMPLATE_PATH } from '../../paths';

const BUCKET = 'swiftyplanner-attachments';
const ORIGIN = 'http://localhost:5173';
let directory: string;
let server: S3Server;

const start = async () =>
  startS3Server({
    directory,
    bucket: BUCKET,
    cors: bucketCorsOf(await readTemplate(TEMPLATE_PATH), localValuesOf(localParameters())),
  });

const s3 = () =>
  new S3Client({
    endpoint: server.endpoint,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: S3RVER_CREDENTIALS,
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'swiftyplanner-s3-'));
  server = await start();
});

afterAll(async () => {
  await server.close();
  await rm(directory, { recursive: true, force: true });
});

describe('local S3', () => {
  it('takes the bucket CORS rules from the template, with the local origins', async () => {
    const rules = bucketCorsOf(await readTemplate(TEMPLATE_PATH), localValuesOf(localParameters()));
    expect(rules?.[0]).toMatchObject({ AllowedMethods: ['PUT', 'GET', 'HEAD'], AllowedOrigins: ['*'] });
  });

  it('answers a browser preflight for a presigned PUT from another origin', async () => {
    // Act
    const response = await fetch(`${server.endpoint}/${BUCKET}/users/u1/todos/t1/a1`, {
      method: 'OPTIONS',
      headers: {
        origin: ORIGIN,
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'content-type',
      },
    });

    // Assess
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-methods')).toContain('PUT');
  });

  it('stores bytes PUT to a presigned URL and serves them on a presigned GET, exposing ETag', async () => {
    // Prepare
    const client = s3();
    const key = 'users/u1/todos/t1/a2';
    const bytes = Buffer.from('%PDF-1.7 local attachment');
    const put = await getSignedUrl(
      client,
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: key,
        ContentType: 'application/pdf',
        ContentLength: bytes.length,
      }),
      { expiresIn: 900 },
    );

    // Act
    const uploaded = await fetch(put, {
      method: 'PUT',
      headers: { origin: ORIGIN, 'content-type': 'application/pdf' },
      body: bytes,
    });
    const get = await getSignedUrl(client, new GetObjectCommand({ Bucket: BUCKET, Key: key }), {
      expiresIn: 300,
    });
    const downloaded = await fetch(get, { headers: { origin: ORIGIN } });

    // Assess
    expect(uploaded.status).toBe(200);
    expect(uploaded.headers.get('access-control-expose-headers')?.toLowerCase()).toContain('etag');
    expect(downloaded.status).toBe(200);
    expect(Buffer.from(await downloaded.arrayBuffer())).toEqual(bytes);
    client.destroy();
  });

  it('keeps the bucket and its objects across a restart on the same directory', async () => {
    // Prepare
    const client = s3();
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'users/u1/keep', Body: 'kept' }));
    client.destroy();

    // Act
    await server.close();
    server = await start();

    // Assess
    const again = s3();
    const object = await again.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'users/u1/keep' }));
    expect(await object.Body?.transformToString()).toBe('kept');
    again.destroy();
  });
});

describe('anonymous requests to the local S3, refused as S3 refuses them', () => {
  // The template's bucket blocks public access and its policy grants nobody anything: S3 answers a
  // request without any signature 403 AccessDenied, in its XML error shape (S3 API reference, "Error
  // responses"). Its CORS rules are still evaluated, so a page on an allowed origin can read the refusal
  // (S3 API reference, PutBucketCors and "Common response headers").
  const KEY = 'users/anon/todos/t1/a1';

  async function stored(key: string): Promise<string | undefined> {
    const client = s3();
    try {
      const object = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
      return await object.Body?.transformToString();
    } catch {
      return undefined;
    } finally {
      client.destroy();
    }
  }

  it.each([
    [
      'a PUT of text/html under a user prefix',
      'PUT',
      `/${BUCKET}/users/anon/page.html`,
      '<script>1</script>',
    ],
    ['a list of the bucket', 'GET', `/${BUCKET}`, undefined],
    ['a list of a user prefix', 'GET', `/${BUCKET}?list-type=2&prefix=users/`, undefined],
    ['a GET of an object that exists', 'GET', `/${BUCKET}/${KEY}`, undefined],
    ['a DELETE of an object that exists', 'DELETE', `/${BUCKET}/${KEY}`, undefined],
    ['a list of the buckets', 'GET', '/', undefined],
  ])(
    'refuses %s: 403 AccessDenied, S3’s XML error, CORS headers of the matching rule',
    async (_case, method, path, body) => {
      // Prepare: an object to read or delete, stored by the SDK (signed)
      const client = s3();
      await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: KEY, Body: 'private' }));
      client.destroy();

      // Act
      const response = await fetch(`${server.endpoint}${path}`, {
        method,
        headers: { origin: ORIGIN, ...(body ? { 'content-type': 'text/html' } : {}) },
        ...(body ? { body } : {}),
      });

      // Assess
      const xml = await response.text();
      expect(response.status).toBe(403);
      expect(response.headers.get('content-type')).toBe('application/xml');
      expect(xml).toMatch(
        /^<\?xml version="1.0" encoding="UTF-8"\?>\n<Error><Code>AccessDenied<\/Code><Message>Access Denied<\/Message><RequestId>[0-9A-F]{16}<\/RequestId><HostId>[\w+/=]+<\/HostId><\/Error>$/,
      );
      expect(response.headers.get('x-amz-request-id')).toBe(/<RequestId>(\w+)</.exec(xml)?.[1]);
      const corsRuleAllows = method !== 'DELETE';
      expect(response.headers.get('access-control-allow-origin')).toBe(corsRuleAllows ? '*' : null);
      expect(await stored(KEY)).toBe('private');
      expect(await stored('users/anon/page.html')).toBeUndefined();
    },
  );

  it('refuses an anonymous HEAD with a bare 403, and still answers the preflight of a presigned PUT', async () => {
    // Act
    const head = await fetch(`${server.endpoint}/${BUCKET}/${KEY}`, { method: 'HEAD' });
    const preflight = await fetch(`${server.endpoint}/${BUCKET}/${KEY}`, {
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': 'PUT' },
    });

    // Assess
    expect(head.status).toBe(403);
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('PUT');
  });
});

describe('CORS on the local S3, answered as S3 answers it', () => {
  let named: S3Server;
  let namedDirectory: string;

  beforeAll(async () => {
    // ALLOWED_ORIGINS=http://localhost:5173: the bucket's rule lists that origin instead of *.
    namedDirectory = await mkdtemp(join(tmpdir(), 'swiftyplanner-s3-cors-'));
    named = await startS3Server({
      directory: namedDirectory,
      bucket: BUCKET,
      cors: bucketCorsOf(
        await readTemplate(TEMPLATE_PATH),
        localValuesOf(localParameters({ allowedOrigins: [ORIGIN] })),
      ),
    });
  });

  afterAll(async () => {
    await named.close();
    await rm(namedDirectory, { recursive: true, force: true });
  });

  it('names the origin a listed rule allows, refuses another, and adds nothing without an Origin', async () => {
    // Prepare
    const client = new S3Client({
      endpoint: named.endpoint,
      forcePathStyle: true,
      region: 'us-east-1',
      credentials: S3RVER_CREDENTIALS,
    });
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'users/u1/cors', Body: 'x' }));
    const url = await getSignedUrl(client, new GetObjectCommand({ Bucket: BUCKET, Key: 'users/u1/cors' }));
    client.destroy();
    const preflight = (origin: string) =>
      fetch(`${named.endpoint}/${BUCKET}/users/u1/cors`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'GET' },
      });
    const corsHeaders = (response: Response) =>
      [...response.headers.keys()].filter((name) => name.startsWith('access-control-'));

    // Act
    const allowed = await preflight(ORIGIN);
    const other = await preflight('https://elsewhere.example');
    const read = await fetch(url, { headers: { origin: ORIGIN } });
    const withoutOrigin = await fetch(url);

    // Assess
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(other.status).toBe(403);
    expect(read.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(read.headers.get('access-control-expose-headers')).toBe('ETag');
    expect(withoutOrigin.status).toBe(200);
    expect(corsHeaders(withoutOrigin)).toEqual([]);
  });
});

describe('presigned URLs on the local S3, checked as S3 checks them', () => {
  const KEY = 'users/u2/todos/t1/a1';

  /** A PUT URL as the todos function makes one: the signature covers Content-Type and Content-Length. */
  async function uploadUrl(options: { signingDate?: Date; expiresIn?: number } = {}): Promise<string> {
    const client = s3();
    const url = await getSignedUrl(
      client,
      new PutObjectCommand({ Bucket: BUCKET, Key: KEY, ContentType: 'text/plain', ContentLength: 5 }),
      {
        expiresIn: options.expiresIn ?? 900,
        signableHeaders: new Set(['content-type', 'content-length']),
        ...(options.signingDate ? { signingDate: options.signingDate } : {}),
      },
    );
    client.destroy();
    return url;
  }

  const put = (url: string, contentType: string, body: string) =>
    fetch(url, { method: 'PUT', headers: { origin: ORIGIN, 'content-type': contentType }, body });

  /** What the bucket holds at `key`; undefined when nothing (any other failure is an error). */
  async function stored(key: string): Promise<string | undefined> {
    const client = s3();
    try {
      const object = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
      return await object.Body?.transformToString();
    } catch (error) {
      if ((error as { name?: string }).name === 'NoSuchKey') return undefined;
      throw error;
    } finally {
      client.destroy();
    }
  }

  const OTHER_KEY = KEY.replace('users/u2/', 'users/u3/');

  it.each([
    [
      'another Content-Type',
      async () => put(await uploadUrl(), 'text/html', 'hello'),
      'SignatureDoesNotMatch',
    ],
    ['another size', async () => put(await uploadUrl(), 'text/plain', 'hello!'), 'SignatureDoesNotMatch'],
    [
      'another key',
      async () => put((await uploadUrl()).replace(`/${KEY}?`, `/${OTHER_KEY}?`), 'text/plain', 'hello'),
      'SignatureDoesNotMatch',
    ],
    [
      'a forged signature',
      async () =>
        put(
          (await uploadUrl()).replace(/X-Amz-Signature=\w+/, `X-Amz-Signature=${'0'.repeat(64)}`),
          'text/plain',
          'hello',
        ),
      'SignatureDoesNotMatch',
    ],
    [
      'a malformed query',
      async () => put(`${await uploadUrl()}&x=%E0%A4%A`, 'text/plain', 'hello'),
      'SignatureDoesNotMatch',
    ],
    [
      'an expired URL',
      async () =>
        put(
          await uploadUrl({ signingDate: new Date(Date.now() - 120_000), expiresIn: 60 }),
          'text/plain',
          'hello',
        ),
      'AccessDenied',
    ],
  ])(
    "refuses an upload with %s: 403 with S3's error code, CORS headers, nothing stored",
    async (_case, attempt, code) => {
      // Act
      const response = await attempt();

      // Assess
      expect(response.status).toBe(403);
      expect(await response.text()).toContain(`<Code>${code}</Code>`);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      // Neither under the key it was signed for, nor under the one it was sent to.
      expect(await stored(KEY)).toBeUndefined();
      expect(await stored(OTHER_KEY)).toBeUndefined();
    },
  );

  it('takes the upload the URL was signed for, and serves it on a presigned GET but not on an edited one', async () => {
    // Act
    const uploaded = await put(await uploadUrl(), 'text/plain', 'hello');
    const client = s3();
    const get = await getSignedUrl(client, new GetObjectCommand({ Bucket: BUCKET, Key: KEY }), {
      expiresIn: 300,
    });
    client.destroy();
    const downloaded = await fetch(get);
    const edited = await fetch(get.replace('/a1?', '/a2?'));

    // Assess
    expect(uploaded.status).toBe(200);
    expect(await stored(KEY)).toBe('hello'); // what the refusals above found missing
    expect(await downloaded.text()).toBe('hello');
    expect(edited.status).toBe(403);
  });
});
