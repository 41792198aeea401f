/**
 * What S3 checks on a presigned URL and s3rver does not: the SigV4 query signature. Without it a
 * browser could upload another type or size than the one declared, or to another key, and the local
 * stack would take it while S3 answers 403. Only presigned requests (X-Amz-Signature in the query)
 * are checked; the functions' own SDK calls sign a header instead and pass through.
 *
 * The signature is recomputed as S3 computes it for a presigned request: the path as sent, every
 * query parameter but the signature, the headers X-Amz-SignedHeaders names, an unsigned payload.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export interface PresignedRequest {
  method: string;
  /** The request target as received: path and query, still percent-encoded. */
  url: string;
  headers: IncomingHttpHeaders;
}

export type PresignedRefusal = {
  code: 'SignatureDoesNotMatch' | 'InvalidAccessKeyId' | 'AccessDenied';
  message: string;
};

const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your key and signing method.';

/** Undefined when the request is not presigned or its signature holds; otherwise why S3 would refuse it. */
export function presignedRefusal(
  request: PresignedRequest,
  credentials: { accessKeyId: string; secretAccessKey: string },
  now = Date.now(),
): PresignedRefusal | undefined {
  const queryStart = request.url.indexOf('?');
  if (queryStart < 0) return undefined;
  const path = request.url.slice(0, queryStart);
  const params = queryParameters(request.url.slice(queryStart + 1));
  const signature = params.get('X-Amz-Signature');
  if (signature === undefined) return undefined;

  const [accessKeyId, ...scopeParts] = (params.get('X-Amz-Credential') ?? '').split('/');
  if (accessKeyId !== credentials.accessKeyId)
    return {
      code: 'InvalidAccessKeyId',
      message: 'The AWS Access Key Id you provided does not exist in our records.',
    };
  const amzDate = params.get('X-Amz-Date') ?? '';
  const signedAt = Date.parse(
    amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'),
  );
  const expiresIn = Number(params.get('X-Amz-Expires'));
  if (Number.isNaN(signedAt) || !Number.isFinite(expiresIn) || now > signedAt + expiresIn * 1000)
    return { code: 'AccessDenied', message: 'Request has expired' };

  const signedHeaders = params.get('X-Amz-SignedHeaders') ?? '';
  const canonicalRequest = [
    request.method,
    path,
    [...params.entries()]
      .filter(([name]) => name !== 'X-Amz-Signature')
      .map(([name, value]) => [uriEncode(name), uriEncode(value)])
      .sort(([a = '', x = ''], [b = '', y = '']) => (a === b ? compare(x, y) : compare(a, b)))
      .map(([name, value]) => `${name}=${value}`)
      .join('&'),
    signedHeaders
      .split(';')
      .map((name) => `${name}:${headerValue(request.headers[name])}\n`)
      .join(''),
    signedHeaders,
    params.get('X-Amz-Content-Sha256') ?? 'UNSIGNED-PAYLOAD',
  ].join('\n');
  const scope = scopeParts.join('/');
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
  const [date = '', region = '', service = ''] = scopeParts;
  let key = hmac(`AWS4${credentials.secretAccessKey}`, date);
  for (const part of [region, service, 'aws4_request']) key = hmac(key, part);
  const expected = Buffer.from(hmac(key, stringToSign).toString('hex'));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { code: 'SignatureDoesNotMatch', message: SIGNATURE_MISMATCH };
  return undefined;
}

/**
 * S3's answer to a refused request (403): the XML error body of S3's REST error responses, with the
 * request id and host id S3 also sends as `x-amz-request-id` and `x-amz-id-2`.
 */
export function refusalXml(refusal: PresignedRefusal): { xml: string; requestId: string; hostId: string } {
  const requestId = randomBytes(8).toString('hex').toUpperCase();
  const hostId = randomBytes(48).toString('base64');
  const xml =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${refusal.code}</Code><Message>${refusal.message}</Message>` +
    `<RequestId>${requestId}</RequestId><HostId>${hostId}</HostId></Error>`;
  return { xml, requestId, hostId };
}

function queryParameters(query: string): Map<string, string> {
  const params = new Map<string, string>();
  for (const pair of query.split('&')) {
    if (!pair) continue;
    const equals = pair.indexOf('=');
    const name = equals < 0 ? pair : pair.slice(0, equals);
    params.set(decoded(name), equals < 0 ? '' : decoded(pair.slice(equals + 1)));
  }
  return params;
}

/** A malformed %-sequence stays as sent (and so fails the signature) rather than throwing. */
function decoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** SigV4's encoding: RFC 3986 unreserved characters kept, everything else %XX. */
function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function headerValue(value: string | string[] | undefined): string {
  return ([] as string[])
    .concat(value ?? [])
    .join(',')
    .trim()
    .replace(/\s+/g, ' ');
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const hmac = (key: string | Buffer, text: string) => createHmac('sha256', key).update(text).digest();
