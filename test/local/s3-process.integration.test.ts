/**
 * The local S3 as the stack runs it, in a process of its own (local/s3/s3-process.ts): it lists in
 * pages as S3 does, tells the stack of the objects created, refuses a port in use by name, and
 * stop() ends it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedObject } from '../../local/s3/bucket-events';
import { type S3Process, startS3Process } from '../../local/s3/s3-process';
import { S3RVER_CREDENTIALS } from '../../local/s3/s3-server';
import { listen } from '../../local/stack/listen';
import { processState, waitFor } from './support/processes';

const BUCKET = 'swiftyplanner-attachments';
let directory: string;
let s3: S3Process;
const created: CreatedObject[] = [];

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'swiftyplanner-s3-process-'));
  s3 = await startS3Process({ directory, bucket: BUCKET, onObjectCreated: (object) => created.push(object) });
}, 60_000);

afterAll(async () => {
  await s3.stop();
  expect(processState(s3.pid)).toBe('gone');
  await rm(directory, { recursive: true, force: true });
});

const client = () =>
  new S3Client({
    endpoint: s3.endpoint,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: S3RVER_CREDENTIALS,
  });

describe('the local S3 process', () => {
  it('lists a prefix page by page, continuation tokens included', async () => {
    // Prepare
    const api = client();
    const keys = ['users/p/a', 'users/p/b', 'users/p/c'];
    for (const key of keys) await api.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: key }));

    // Act
    const listed: string[] = [];
    let token: string | undefined;
    do {
      const page = await api.send(
        new ListObjectsV2Command({
          Bucket: BUCKET,
          Prefix: 'users/p/',
          MaxKeys: 1,
          ContinuationToken: token,
        }),
      );
      listed.push(...(page.Contents ?? []).map((object) => object.Key ?? ''));
      token = page.NextContinuationToken;
    } while (token);
    api.destroy();

    // Assess
    expect(listed).toEqual(keys);
  });

  it('tells the stack of each object created, over IPC', async () => {
    // Act
    const api = client();
    await api.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'users/q/new', Body: 'four' }));
    api.destroy();

    // Assess
    const object = await waitFor(
      () => created.find((candidate) => candidate.key === 'users/q/new'),
      'the Object Created message',
    );
    expect(object).toMatchObject({ bucket: BUCKET, key: 'users/q/new', size: 4 });
  });

  it('refuses a port in use with the error that names it, and leaves no process behind', async () => {
    // Prepare
    const occupant = createServer();
    const port = await listen(occupant, 0, 'the occupant');

    // Act
    const starting = startS3Process({ directory, bucket: BUCKET, port });

    // Assess
    await expect(starting).rejects.toMatchObject({
      name: 'PortInUseError',
      message: `Port ${port} (the local S3) is already in use on 127.0.0.1. Stop what listens there.`,
    });
    occupant.close();
  });
});
