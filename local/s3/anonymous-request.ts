/**
 * What S3 does with an anonymous request to this bucket: it refuses it. The template's bucket blocks
 * public access (BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets) and its
 * policy grants nobody anything, so a request that carries no AWS signature is AccessDenied, whatever
 * it asks; s3rver, by contrast, treats every bucket as public. Only CORS preflights are answered
 * unsigned: a browser cannot sign an OPTIONS, and S3 answers it from the bucket's CORS rules.
 *
 * A request counts as signed when it carries any of S3's authentication mechanisms: an
 * `Authorization` header (the SDK's SigV4), or a presigned query (SigV4's `X-Amz-*`, SigV2's
 * `Signature`/`AWSAccessKeyId`). Whether that signature holds is checked elsewhere
 * (./presigned-url-check.ts, and s3rver's key id check).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { PresignedRefusal } from './presigned-url-check';

const QUERY_AUTHENTICATION = [
  'X-Amz-Signature',
  'X-Amz-Credential',
  'X-Amz-Algorithm',
  'Signature',
  'AWSAccessKeyId',
];

/** S3's refusal of an anonymous request; undefined for a preflight or a request that is signed at all. */
export function anonymousRefusal(request: {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}): PresignedRefusal | undefined {
  if (request.method === 'OPTIONS' || request.headers.authorization !== undefined) return undefined;
  const query = new URLSearchParams(request.url.split('?')[1] ?? '');
  if (QUERY_AUTHENTICATION.some((name) => query.has(name))) return undefined;
  return { code: 'AccessDenied', message: 'Access Denied' };
}
