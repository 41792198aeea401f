import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { bucketName, s3Client } from './s3-client';

/**
 * A prefix under `users/` that holds no object: a user's objects live under `users/<sub,
 * percent-encoded>/` (./attachment-objects.ts), and percent-encoding never leaves a `#`.
 */
const EMPTY_PREFIX = 'users/#health/';

/**
 * Whether S3 serves the attachments bucket: a list of a prefix that holds nothing, answered with no
 * keys. Not HeadBucket: the functions may list the bucket only under `users/` (s3:ListBucket with an
 * s3:prefix condition, infra/template.yaml), and HeadBucket names no prefix, so S3 would refuse it.
 * One LIST request that reads no user's keys. Throws what the client throws; `abortSignal` bounds the
 * wait.
 */
export async function probeBucket(abortSignal: AbortSignal): Promise<void> {
  await s3Client.send(new ListObjectsV2Command({ Bucket: bucketName, Prefix: EMPTY_PREFIX, MaxKeys: 1 }), {
    abortSignal,
  });
}
