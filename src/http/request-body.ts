/**
 * Reads the request body the way the operation declares it: the media type must be one the
 * contract lists (else 415), the bytes are decoded (payload v2 base64-encodes non-text bodies) and
 * parsed as JSON (else 400 malformed-json). Schema validation happens afterwards, with the other parts.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { CompiledOperation, ValidateFunction } from '../contract/compiled-operation';
import { type FieldError, MalformedJsonError, UnsupportedMediaTypeError } from './errors';

export type BodySpec = NonNullable<CompiledOperation['body']>;

export type RequestBody =
  | { kind: 'absent' }
  | { kind: 'parsed'; value: unknown; validate: ValidateFunction }
  /** Something is wrong that a field error can say (a missing required body, a body where none is taken). */
  | { kind: 'invalid'; error: FieldError };

/** `application/merge-patch+json; charset=utf-8` → `application/merge-patch+json`. */
export function mediaTypeOf(contentType: string | undefined): string | undefined {
  const media = contentType?.split(';')[0]?.trim().toLowerCase();
  return media ? media : undefined;
}

function rawTextOf(event: Pick<APIGatewayProxyEventV2, 'body' | 'isBase64Encoded'>): string | undefined {
  if (event.body === undefined || event.body === null || event.body === '') return undefined;
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
}

export function readBody(
  event: Pick<APIGatewayProxyEventV2, 'body' | 'isBase64Encoded'>,
  contentType: string | undefined,
  spec: BodySpec | undefined,
): RequestBody {
  const text = rawTextOf(event);
  if (!spec) {
    return text === undefined
      ? { kind: 'absent' }
      : {
          kind: 'invalid',
          error: { pointer: '/body', message: 'must be empty: this operation takes no request body' },
        };
  }
  if (text === undefined) {
    return spec.required
      ? { kind: 'invalid', error: { pointer: '/body', message: 'is required' } }
      : { kind: 'absent' };
  }
  const media = mediaTypeOf(contentType);
  const validate = media !== undefined && Object.hasOwn(spec.media, media) ? spec.media[media] : undefined;
  if (!validate) throw new UnsupportedMediaTypeError(Object.keys(spec.media));
  try {
    return { kind: 'parsed', value: JSON.parse(text), validate };
  } catch (cause) {
    // The parser's message quotes the body; the caller gets a fix instead and nothing is echoed.
    throw new MalformedJsonError(
      `The request body is not valid JSON. Check quotes, commas and brackets, and send it as ${media}.`,
      { cause },
    );
  }
}
