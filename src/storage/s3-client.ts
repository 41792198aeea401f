import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { guardDependencyCalls } from '../aws/dependency-calls';
import { StorageUnavailable } from './errors';

/**
 * One S3 client per container. S3_ENDPOINT points it at the local S3 (s3rver), which needs
 * path-style addressing. Checksums only when S3 requires them: with the SDK's default, streamed
 * bodies are sent aws-chunked with a trailing checksum, which s3rver stores verbatim, and presigned
 * URLs would carry checksum parameters a browser upload cannot satisfy. Every call ends with the
 * request's time budget; throttled, timed out, unreachable or failing is StorageUnavailable, a 503
 * (../aws/dependency-calls.ts).
 */
export const bucketName = process.env.BUCKET_NAME ?? 'swiftyplanner-attachments';

/** Every S3 client's settings (./url-signing-client.ts adds its own credentials). */
export const s3ClientConfig: S3ClientConfig = {
  ...(process.env.S3_ENDPOINT ? { endpoint: process.env.S3_ENDPOINT, forcePathStyle: true } : {}),
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
  // As the DynamoDB client (../store/client.ts): fail in seconds, not at the gateway's 29 s.
  requestHandler: { connectionTimeout: 2_000, requestTimeout: 5_000, throwOnRequestTimeout: true },
};

export const s3Client = guardDependencyCalls(
  new S3Client(s3ClientConfig),
  (cause) => new StorageUnavailable({ cause }),
);
