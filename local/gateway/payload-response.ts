/**
 * Maps what a Lambda returns to the HTTP response, per payload format 2.0:
 * - an object with `statusCode`: its status, `headers`, `cookies` (one set-cookie header each) and
 *   `body`, base64-decoded when `isBase64Encoded`;
 * - anything else (an object without `statusCode`, a string, a number): 200 `application/json` with
 *   the value serialized as the body.
 * A result API Gateway could not use (a status outside 100-599, a body that is not a string) is an
 * integration error, which the gateway answers with 500 as API Gateway does.
 */

export interface HttpResponse {
  statusCode: number;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

export class MalformedLambdaResponseError extends Error {
  override name = 'MalformedLambdaResponseError';
}

export function httpResponseOf(result: unknown): HttpResponse {
  if (result === null || typeof result !== 'object' || !('statusCode' in result)) {
    return {
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(JSON.stringify(result ?? null)),
    };
  }
  const { statusCode, headers, cookies, body, isBase64Encoded } = result as Record<string, unknown>;
  if (
    typeof statusCode !== 'number' ||
    !Number.isInteger(statusCode) ||
    statusCode < 100 ||
    statusCode > 599
  ) {
    throw new MalformedLambdaResponseError(
      `statusCode must be an integer 100-599, got ${String(statusCode)}`,
    );
  }
  if (body !== undefined && body !== null && typeof body !== 'string') {
    throw new MalformedLambdaResponseError(`body must be a string, got ${typeof body}`);
  }
  const mapped: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries((headers ?? {}) as Record<string, unknown>)) {
    if (value === undefined || value === null) continue;
    mapped[name.toLowerCase()] = String(value);
  }
  if (Array.isArray(cookies) && cookies.length) mapped['set-cookie'] = cookies.map(String);
  const text = body ?? '';
  return {
    statusCode,
    headers: mapped,
    body: isBase64Encoded === true ? Buffer.from(text, 'base64') : Buffer.from(text, 'utf8'),
  };
}
