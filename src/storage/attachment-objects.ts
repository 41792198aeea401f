import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { attachmentDisposition } from './content-disposition';
import { bucketName, s3Client } from './s3-client';
import { urlLifetime } from './url-lifetime';
import { urlSigningClient } from './url-signing-client';

export { bucketName };

/**
 * Presigned URL lifetimes: long enough to upload 10 MiB on a slow link, short enough to leak little. The
 * most a URL gets: never more than the signing credentials have left (./url-lifetime.ts).
 */
export const UPLOAD_URL_SECONDS = 15 * 60;
export const DOWNLOAD_URL_SECONDS = 5 * 60;

/** Signs the URLs: on AWS with sessions of the signer role that outlast the longest URL. */
const signingClient = urlSigningClient({
  roleArn: process.env.ATTACHMENT_SIGNER_ROLE_ARN,
  longestUrlSeconds: Math.max(UPLOAD_URL_SECONDS, DOWNLOAD_URL_SECONDS),
});
/** DeleteObjects takes at most 1000 keys per request. */
const DELETE_BATCH = 1000;

/**
 * A user's objects live under `users/<sub>/`, with the sub percent-encoded: a sub may contain `/`
 * (the local issuer, other identity providers), and `users/dave/` must not be a prefix of the
 * objects of `dave/x` (erasing dave lists and deletes everything under his prefix).
 */
export function userPrefix(sub: string): string {
  return `users/${encodeURIComponent(sub)}/`;
}

export function todoPrefix(sub: string, todoId: string): string {
  return `${userPrefix(sub)}todos/${todoId}/`;
}

export function objectKey(sub: string, todoId: string, attachmentId: string): string {
  return `${todoPrefix(sub, todoId)}${attachmentId}`;
}

/** The inverse of objectKey(); undefined for a key that objectKey() would not have made. */
export function attachmentOfKey(
  key: string,
): { sub: string; todoId: string; attachmentId: string } | undefined {
  const match = /^users\/([^/]+)\/todos\/([^/]+)\/([^/]+)$/.exec(key);
  if (!match) return undefined;
  const [, encodedSub = '', todoId = '', attachmentId = ''] = match;
  let sub: string;
  try {
    sub = decodeURIComponent(encodedSub);
  } catch {
    return undefined; // a malformed escape
  }
  // `users/%41/…` decodes to the sub `A`, whose objects live under `users/A/`: not one of ours.
  return objectKey(sub, todoId, attachmentId) === key ? { sub, todoId, attachmentId } : undefined;
}

/**
 * Fetches the credentials the next URL will be signed with: on AWS a session of the signer role,
 * which a container's first URL (and one an hour later) asks STS for. Creating an attachment calls
 * this before it records anything, so that STS failing answers 500 with nothing done; signing the
 * URL a moment later reuses the session, and sends nothing.
 */
export async function readySigningCredentials(client: S3Client = signingClient): Promise<void> {
  await client.config.credentials();
}

export interface PresignedUpload {
  url: string;
  method: 'PUT';
  headers: Record<string, string>;
  expiresAt: string;
}

/**
 * A PUT URL whose SigV4 signature covers Content-Type and Content-Length (X-Amz-SignedHeaders
 * lists them), so S3 refuses an upload of another type or size than the one declared. `client` is the
 * container's signing client; tests pass one with their own credentials.
 */
export async function presignUpload(
  key: string,
  contentType: string,
  size: number,
  now = Date.now(),
  client: S3Client = signingClient,
): Promise<PresignedUpload> {
  const lifetime = await urlLifetime(client, UPLOAD_URL_SECONDS, now);
  const url = await getSignedUrl(
    client,
    new PutObjectCommand({ Bucket: bucketName, Key: key, ContentType: contentType, ContentLength: size }),
    {
      expiresIn: lifetime.expiresIn,
      signingDate: lifetime.signedAt,
      signableHeaders: new Set(['content-type', 'content-length']),
    },
  );
  return {
    url,
    method: 'PUT',
    headers: { 'Content-Type': contentType, 'Content-Length': String(size) },
    expiresAt: lifetime.expiresAt,
  };
}

export async function presignDownload(
  key: string,
  fileName: string,
  contentType: string,
  now = Date.now(),
  client: S3Client = signingClient,
): Promise<{ url: string; expiresAt: string }> {
  const lifetime = await urlLifetime(client, DOWNLOAD_URL_SECONDS, now);
  const url = await getSignedUrl(
    client,
    new GetObjectCommand({
      Bucket: bucketName,
      Key: key,
      ResponseContentDisposition: attachmentDisposition(fileName),
      ResponseContentType: contentType,
    }),
    { expiresIn: lifetime.expiresIn, signingDate: lifetime.signedAt },
  );
  return { url, expiresAt: lifetime.expiresAt };
}

/**
 * The stored object's size, or undefined when nothing was uploaded yet. A List with the key as its
 * prefix, not a HeadObject: S3 answers a HEAD on a missing key with 403, not 404, unless the caller
 * may list the bucket, and the functions may list only with an `s3:prefix` under `users/` (a HEAD
 * carries no prefix, so the role's condition would not match). Keys sort lexicographically, so the
 * key itself comes first among those it prefixes.
 */
export async function storedObjectSize(key: string): Promise<number | undefined> {
  const page = await s3Client.send(new ListObjectsV2Command({ Bucket: bucketName, Prefix: key, MaxKeys: 1 }));
  const [first] = page.Contents ?? [];
  return first?.Key === key ? (first.Size ?? 0) : undefined;
}

/** Deletes the given keys in batches of 1000; throws if S3 reports any key it could not delete. */
export async function deleteObjects(keys: string[]): Promise<void> {
  for (let i = 0; i < keys.length; i += DELETE_BATCH) {
    const batch = keys.slice(i, i + DELETE_BATCH);
    const result = await s3Client.send(
      new DeleteObjectsCommand({
        Bucket: bucketName,
        Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
      }),
    );
    if (result.Errors && result.Errors.length > 0) {
      const first = result.Errors[0];
      throw new Error(
        `S3 could not delete ${result.Errors.length} object(s), e.g. ${first?.Key}: ${first?.Code}`,
      );
    }
  }
}
