/**
 * Reads the request body the way the operation declares it: the media type must be one the
 * contract lists, in UTF-8 if a charset is given (else 415), the bytes are decoded as UTF-8 (payload
 * v2 base64-encodes non-text bodies) and parsed as JSON (else 400 malformed-json). Schema validation
 * happens afterwards, with the other parts.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { CompiledOperation, ValidateFunction } from '../contract/compiled-operation';
import { type FieldError, MalformedJsonError, UnsupportedMediaTypeError } from './errors';
import { charsetOf, illFormedStringsOf, isUtf8Charset } from './unicode-text';

/**
 * A lone surrogate reaches a parsed string only through a `\uD800`-`\uDFFF` escape (decoded UTF-8
 * holds none) or a surrogate already in the text; a body with neither skips the walk over its values.
 */
const MAY_HOLD_SURROGATES = /\\u[dD][89a-fA-F]|[\uD800-\uDFFF]/;

export type BodySpec = NonNullable<CompiledOperation['body']>;

export type RequestBody =
  | { kind: 'absent' }
  /** `errors`: strings that are not well-formed Unicode (./unicode-text.ts), found before validation. */
  | { kind: 'parsed'; value: unknown; validate: ValidateFunction; errors: FieldError[] }
  /** Something is wrong that a field error can say (a missing required body, a body where none is taken). */
  | { kind: 'invalid'; error: FieldError };

/** `application/merge-patch+json; charset=utf-8` → `application/merge-patch+json`. */
export function mediaTypeOf(contentType: string | undefined): string | undefined {
  const media = contentType?.split(';')[0]?.trim().toLowerCase();
  return media ? media : undefined;
}

/** Throws on bytes that are not UTF-8, where Buffer#toString would put U+FFFD in their place. */
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

const NOT_UTF8 =
  'The request body is not UTF-8 text: it holds bytes that are not UTF-8, or U+FFFD, the character ' +
  'that stands in for such bytes. Send the JSON encoded as UTF-8 (a U+FFFD you mean goes as the escape \\ufffd).';

/**
 * The body's text, or 400 when its bytes were not UTF-8. Payload 2.0 hands a function a body of
 * a text type (text/*, application/json, application/xml, application/javascript) as a string,
 * and every other one (application/merge-patch+json among them) base64-encoded. The bytes of the
 * second kind are decoded here, strictly. Those of the first were decoded before the function
 * runs (by the gateway, or at the latest by the runtime reading the event's JSON as UTF-8), and
 * an invalid byte reaches the function as U+FFFD: indistinguishable from a U+FFFD the client
 * sent. So an unescaped U+FFFD is refused in both kinds alike, and every operation answers the
 * same bytes the same way; a client that means the character sends it escaped.
 */
function textOf(event: { body: string; isBase64Encoded?: boolean }): string {
  let text = event.body;
  if (event.isBase64Encoded) {
    try {
      text = utf8.decode(Buffer.from(event.body, 'base64'));
    } catch (cause) {
      throw new MalformedJsonError(NOT_UTF8, { cause });
    }
  }
  if (text.includes('\ufffd')) throw new MalformedJsonError(NOT_UTF8);
  return text;
}

export function readBody(
  event: Pick<APIGatewayProxyEventV2, 'body' | 'isBase64Encoded'>,
  contentType: string | undefined,
  spec: BodySpec | undefined,
): RequestBody {
  const { body, isBase64Encoded } = event;
  const present = body !== undefined && body !== null && body !== '';
  if (!spec) {
    return !present
      ? { kind: 'absent' }
      : {
          kind: 'invalid',
          error: { pointer: '/body', message: 'must be empty: this operation takes no request body' },
        };
  }
  if (!present) {
    return spec.required
      ? { kind: 'invalid', error: { pointer: '/body', message: 'is required' } }
      : { kind: 'absent' };
  }
  const media = mediaTypeOf(contentType);
  const validate = media !== undefined && Object.hasOwn(spec.media, media) ? spec.media[media] : undefined;
  if (!validate) throw new UnsupportedMediaTypeError(Object.keys(spec.media));
  const charset = charsetOf(contentType);
  if (charset !== undefined && !isUtf8Charset(charset)) {
    throw new UnsupportedMediaTypeError(Object.keys(spec.media), {
      detail: `JSON is UTF-8: send the body encoded as UTF-8, with charset=utf-8 or no charset (not ${charset}).`,
    });
  }
  const text = textOf({ body, isBase64Encoded });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    // The parser's message quotes the body; the caller gets a fix instead and nothing is echoed.
    throw new MalformedJsonError(
      `The request body is not valid JSON. Check quotes, commas and brackets, and send it as ${media}.`,
      { cause },
    );
  }
  const errors = MAY_HOLD_SURROGATES.test(text) ? illFormedStringsOf(value, '/body') : [];
  return { kind: 'parsed', value, validate, errors };
}
