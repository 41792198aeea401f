/**
 * Attachments end to end on the local stack (gateway, real functions, DynamoDB Local, s3rver), driven
 * by the typed client and, for the bytes, by plain fetch the way a browser on another origin would.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3RVER_CREDENTIALS } from '../../local/s3/s3-server';
import { type LocalStack, startLocalStack } from '../../local/stack/local-stack';
import { type AttachmentCreate, createSwiftyClient, type SwiftyClient } from '../../src/client';

const ORIGIN = 'http://localhost:5173';
let dataDir: string;
let stack: LocalStack;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'swiftyplanner-attachments-'));
  stack = await startLocalStack({ dataDir, log: () => {} });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await rm(dataDir, { recursive: true, force: true });
}, 60_000);

async function clientFor(sub: string): Promise<SwiftyClient> {
  return createSwiftyClient({ baseUrl: stack.url, token: await stack.issueToken(sub) });
}

const TEXT_FILE = { fileName: 'a.txt', contentType: 'text/plain' } as const;

/** A new todo of the client's user, with one attachment declared (its upload URL issued, nothing uploaded). */
async function todoWithAttachment(api: SwiftyClient, file: AttachmentCreate) {
  const todo = await api.POST('/todos', { body: { title: 'With a file' } });
  const todoId = todo.data?.id ?? '';
  const created = await api.POST('/todos/{todoId}/attachments', { params: { path: { todoId } }, body: file });
  return { todoId, created };
}

async function objectsUnder(prefix: string): Promise<string[]> {
  const s3 = new S3Client({
    endpoint: stack.endpoints.s3,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: S3RVER_CREDENTIALS,
  });
  const page = await s3.send(new ListObjectsV2Command({ Bucket: stack.bucket, Prefix: prefix }));
  s3.destroy();
  return (page.Contents ?? []).map((o) => o.Key ?? '');
}

async function itemsOf(sub: string): Promise<string[]> {
  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: stack.endpoints.dynamodb,
      region: 'us-east-1',
      credentials: S3RVER_CREDENTIALS,
    }),
  );
  const { Items = [] } = await db.send(
    new QueryCommand({
      TableName: stack.tableName,
      KeyConditionExpression: 'PK = :pk',
      ExpressionAttributeValues: { ':pk': `USER#${sub}` },
    }),
  );
  db.destroy();
  return Items.map((i) => String(i.SK));
}

async function storedStatus(sub: string, todoId: string, attachmentId: string): Promise<unknown> {
  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: stack.endpoints.dynamodb,
      region: 'us-east-1',
      credentials: S3RVER_CREDENTIALS,
    }),
  );
  const { Item } = await db.send(
    new GetCommand({
      TableName: stack.tableName,
      Key: { PK: `USER#${sub}`, SK: `ATT#${todoId}#${attachmentId}` },
      ConsistentRead: true,
    }),
  );
  db.destroy();
  return Item?.status;
}

describe('attachments on the local stack', () => {
  it('uploads from another origin, reads back uploaded, downloads the same bytes, and leaves nothing after the user is deleted', async () => {
    // Prepare
    const sub = `alice-${Date.now()}`;
    const api = await clientFor(sub);
    const todo = await api.POST('/todos', { body: { title: 'Receipts' } });
    const todoId = todo.data?.id ?? '';
    const bytes = new TextEncoder().encode('%PDF-1.7 pretend receipt');

    // Act: declare, preflight and upload as a browser would, read back, download.
    const created = await api.POST('/todos/{todoId}/attachments', {
      params: { path: { todoId } },
      body: { fileName: 'receipt.pdf', contentType: 'application/pdf', size: bytes.length },
    });
    const upload = created.data?.upload;
    const preflight = await fetch(upload?.url ?? '', {
      method: 'OPTIONS',
      headers: {
        origin: ORIGIN,
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'content-type',
      },
    });
    const put = await fetch(upload?.url ?? '', {
      method: 'PUT',
      headers: { 'content-type': upload?.headers['Content-Type'] ?? '', origin: ORIGIN },
      body: Buffer.from(bytes),
    });
    const attachmentId = created.data?.attachment.id ?? '';
    const read = await api.GET('/todos/{todoId}/attachments/{attachmentId}', {
      params: { path: { todoId, attachmentId } },
    });
    const download = await fetch(read.data?.download?.url ?? '', { headers: { origin: ORIGIN } });
    const listed = await api.GET('/todos/{todoId}/attachments', { params: { path: { todoId } } });

    // Assess
    expect(created.response.status).toBe(201);
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get('access-control-allow-origin')).toMatch(/^(\*|http:\/\/localhost:5173)$/);
    expect(put.status).toBe(200);
    expect(put.headers.get('access-control-allow-origin')).toMatch(/^(\*|http:\/\/localhost:5173)$/);
    expect(read.data?.attachment.status).toBe('uploaded');
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(bytes);
    expect(download.headers.get('content-disposition')).toContain('attachment; filename="receipt.pdf"');
    expect(listed.data?.items.map((a) => a.status)).toEqual(['uploaded']);

    // Deleting the todo takes its files; deleting the user takes everything else.
    const second = await api.POST('/todos', { body: { title: 'Kept until the user goes' } });
    const secondId = second.data?.id ?? '';
    const other = await api.POST('/todos/{todoId}/attachments', {
      params: { path: { todoId: secondId } },
      body: { fileName: 'a.txt', contentType: 'text/plain', size: 1 },
    });
    await fetch(other.data?.upload.url ?? '', {
      method: 'PUT',
      headers: { 'content-type': 'text/plain' },
      body: 'a',
    });

    // The files go after the answer, from the records' removal in the table's stream.
    const todoDeleted = await api.DELETE('/todos/{todoId}', { params: { path: { todoId } } });
    expect(todoDeleted.response.status).toBe(204);
    await stack.tableChangesIdle();
    expect(await objectsUnder(`users/${sub}/todos/${todoId}/`)).toEqual([]);
    expect(await objectsUnder(`users/${sub}/`)).toHaveLength(1);

    const userDeleted = await api.DELETE('/users/me');
    expect(userDeleted.response.status).toBe(202);
    await stack.tableChangesIdle();
    expect((await api.GET('/users/me/erasure')).data?.status).toBe('complete');
    expect(await objectsUnder(`users/${sub}/`)).toEqual([]);
    expect(await itemsOf(sub)).toEqual([]);
  });

  it("keeps another user's files when a user whose sub begins theirs is deleted (dave, dave/x)", async () => {
    // Prepare: the local issuer (and identity providers other than Cognito) allow a / in a sub.
    const dave = `dave-${Date.now()}`;
    const other = await clientFor(`${dave}/x`);
    const { todoId, created } = await todoWithAttachment(other, { ...TEXT_FILE, size: 1 });
    const put = await fetch(created.data?.upload.url ?? '', {
      method: 'PUT',
      headers: { 'content-type': 'text/plain' },
      body: 'a',
    });
    expect(put.status).toBe(200);

    // Act
    const deleted = await (await clientFor(dave)).DELETE('/users/me');
    await stack.tableChangesIdle();

    // Assess
    expect(deleted.response.status).toBe(202);
    const attachmentId = created.data?.attachment.id ?? '';
    const read = await other.GET('/todos/{todoId}/attachments/{attachmentId}', {
      params: { path: { todoId, attachmentId } },
    });
    const download = await fetch(read.data?.download?.url ?? '');
    expect(read.data?.attachment.status).toBe('uploaded');
    expect(download.status).toBe(200);
    expect(await download.text()).toBe('a');
  });

  it('removes a file uploaded after its attachment was deleted, through the bucket event the template routes to the todos function', async () => {
    // Prepare: two attachments, one deleted while its upload URL is still valid. The sub has a /,
    // so the keys hold %2F: an event for a kept file must find its record all the same.
    const sub = `frank-${Date.now()}/x`;
    const api = await clientFor(sub);
    const { todoId, created: doomed } = await todoWithAttachment(api, { ...TEXT_FILE, size: 1 });
    const kept = await api.POST('/todos/{todoId}/attachments', {
      params: { path: { todoId } },
      body: { ...TEXT_FILE, size: 1 },
    });
    const doomedId = doomed.data?.attachment.id ?? '';
    const keptId = kept.data?.attachment.id ?? '';
    const deleted = await api.DELETE('/todos/{todoId}/attachments/{attachmentId}', {
      params: { path: { todoId, attachmentId: doomedId } },
    });
    expect(deleted.response.status).toBe(204);
    const put = (url: string | undefined) =>
      fetch(url ?? '', { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: 'a' });

    // Act: both uploads land; S3 answers before the function has seen either.
    const [orphanPut, keptPut] = await Promise.all([
      put(doomed.data?.upload.url),
      put(kept.data?.upload.url),
    ]);

    // Assess: once the two events have run, the function has marked the kept one uploaded (no GET
    // asked) and removed the other.
    expect([orphanPut.status, keptPut.status]).toEqual([200, 200]);
    await stack.bucketEventsIdle();
    expect(await storedStatus(sub, todoId, keptId)).toBe('uploaded');
    const prefix = `users/${encodeURIComponent(sub)}/todos/${todoId}/`;
    expect(await objectsUnder(prefix)).toEqual([`${prefix}${keptId}`]);
  });

  it('refuses an upload of another type or size than declared, as S3 does, and the attachment stays pending', async () => {
    const api = await clientFor(`erin-${Date.now()}`);
    const { todoId, created } = await todoWithAttachment(api, { ...TEXT_FILE, size: 5 });
    const url = created.data?.upload.url ?? '';

    const wrongType = await fetch(url, {
      method: 'PUT',
      headers: { 'content-type': 'text/html', origin: ORIGIN },
      body: 'hello',
    });
    const wrongSize = await fetch(url, {
      method: 'PUT',
      headers: { 'content-type': 'text/plain', origin: ORIGIN },
      body: 'hello, world',
    });
    const read = await api.GET('/todos/{todoId}/attachments/{attachmentId}', {
      params: { path: { todoId, attachmentId: created.data?.attachment.id ?? '' } },
    });

    expect([wrongType.status, wrongSize.status]).toEqual([403, 403]);
    expect(await wrongType.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
    expect(wrongType.headers.get('access-control-allow-origin')).toMatch(/^(\*|http:\/\/localhost:5173)$/);
    expect(read.data?.attachment.status).toBe('pending');
  });

  it('answers another user 404 on every attachment operation', async () => {
    const alice = await clientFor(`alice-${Date.now()}`);
    const bob = await clientFor(`bob-${Date.now()}`);
    const { todoId, created } = await todoWithAttachment(alice, { ...TEXT_FILE, size: 1 });
    const attachmentId = created.data?.attachment.id ?? '';
    const path = { todoId, attachmentId };

    const statuses = [
      (
        await bob.POST('/todos/{todoId}/attachments', {
          params: { path: { todoId } },
          body: { fileName: 'b.txt', contentType: 'text/plain', size: 1 },
        })
      ).response.status,
      (await bob.GET('/todos/{todoId}/attachments', { params: { path: { todoId } } })).response.status,
      (await bob.GET('/todos/{todoId}/attachments/{attachmentId}', { params: { path } })).response.status,
      (await bob.DELETE('/todos/{todoId}/attachments/{attachmentId}', { params: { path } })).response.status,
    ];

    expect(statuses).toEqual([404, 404, 404, 404]);
    const still = await alice.GET('/todos/{todoId}/attachments/{attachmentId}', { params: { path } });
    expect(still.response.status).toBe(200);
  });

  it('refuses limits with problem+json 4xx through the gateway', async () => {
    const api = await clientFor(`carol-${Date.now()}`);
    const todoId = (await api.POST('/todos', { body: { title: 'Limits' } })).data?.id ?? '';

    const tooBig = await api.POST('/todos/{todoId}/attachments', {
      params: { path: { todoId } },
      body: { fileName: 'big.png', contentType: 'image/png', size: 10 * 1024 * 1024 + 1 },
    });
    const badName = await api.POST('/todos/{todoId}/attachments', {
      params: { path: { todoId } },
      body: { fileName: 'a/b.txt', contentType: 'text/plain', size: 1 },
    });

    expect(tooBig.response.status).toBe(400);
    expect(tooBig.response.headers.get('content-type')).toBe('application/problem+json');
    expect(badName.response.status).toBe(400);
  });
});
